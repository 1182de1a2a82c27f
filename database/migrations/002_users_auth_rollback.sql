-- Rollback of 002_users_auth: drops exactly what 002 created, children first.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file ban-drop-table -- dropping what 002 created is the purpose of this rollback
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it

DROP TABLE IF EXISTS api_tokens;
DROP TABLE IF EXISTS users;
