-- Rollback of 004_suppliers: drops exactly what 004 created.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file ban-drop-table -- dropping what 004 created is the purpose of this rollback
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it

DROP TABLE IF EXISTS suppliers;
