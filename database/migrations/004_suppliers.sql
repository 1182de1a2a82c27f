-- 004_suppliers: suppliers with basic contact data. Phase 1 (005) adds the
-- integration columns.
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it

CREATE TABLE suppliers (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Short machine code used in SKUs, file names and logs, e.g. 'ACME'.
  -- Its UNIQUE index serves lookup by code (CLI, imports, inbound files).
  code         text NOT NULL CONSTRAINT suppliers_code_key UNIQUE
                 CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
  name         text NOT NULL CHECK (length(btrim(name)) > 0),
  contact_name text,
  email        text,
  phone        text,
  website      text,
  address      jsonb CHECK (jsonb_typeof(address) = 'object'),
  notes        text,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER suppliers_set_updated_at
  BEFORE UPDATE ON suppliers
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
