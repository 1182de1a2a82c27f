-- Rollback of 006_dropshipping_operations: drops exactly the three tables it created.
-- squawk-ignore-file ban-drop-table -- dropping what 006 created is what this rollback is for
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction
DROP TABLE IF EXISTS catalog_imports;
DROP TABLE IF EXISTS order_item_allocations;
DROP TABLE IF EXISTS inventory_adjustments;
