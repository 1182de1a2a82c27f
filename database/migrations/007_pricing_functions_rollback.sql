-- Rollback of 007_pricing_functions: drops exactly its two functions.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction
DROP FUNCTION IF EXISTS pricing_price(numeric, text, numeric, numeric, text);
DROP FUNCTION IF EXISTS pricing_round(numeric, text);
