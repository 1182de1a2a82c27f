-- Rollback of 009_pricing_margin: drops exactly the table and the three functions it created.
-- squawk-ignore-file ban-drop-table -- dropping what 009 created is what this rollback is for
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction
DROP TABLE IF EXISTS product_price_changes;
DROP FUNCTION IF EXISTS pricing_keeps_margin(numeric, numeric, numeric);
DROP FUNCTION IF EXISTS pricing_min_margin(bigint, bigint, numeric);
DROP FUNCTION IF EXISTS pricing_landed_unit_cost(numeric, numeric, jsonb);
