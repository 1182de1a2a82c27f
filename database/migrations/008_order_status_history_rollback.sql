-- Rollback of 008_order_status_history: drops the table it created.
-- squawk-ignore-file ban-drop-table -- dropping what 008 created is what this rollback is for
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction
DROP TABLE IF EXISTS order_status_events;
