-- Rollback of 010_supplier_dispatch: drops exactly the three tables it created.
-- squawk-ignore-file ban-drop-table -- dropping what 010 created is what this rollback is for
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction
DROP TABLE IF EXISTS supplier_shipments;
DROP TABLE IF EXISTS supplier_webhook_receipts;
DROP TABLE IF EXISTS supplier_order_events;
