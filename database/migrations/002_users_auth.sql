-- 002_users_auth: back-office users and API tokens.
-- Runs inside one transaction opened by the migrator: no BEGIN/COMMIT here.
--
-- Lint (squawk) exceptions for this file, each with its reason:
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  password_hash text NOT NULL,
  name          text,
  role          text NOT NULL CHECK (role IN ('admin', 'staff')),
  is_active     boolean NOT NULL DEFAULT true,
  last_login_at timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Login: WHERE lower(email) = lower($1); one account per address, case-insensitively.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TRIGGER users_set_updated_at
  BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE api_tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL,
  -- sha256 of the token, lowercase hex; the token itself is never stored.
  -- The UNIQUE constraint's index serves authentication: WHERE token_hash = $1.
  token_hash   text NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE
                 CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- First characters of the token, shown in lists to tell tokens apart.
  token_prefix text NOT NULL,
  -- Role of a service token; a token of a user (user_id set) may leave it
  -- NULL and act with the user's role.
  role         text CHECK (role IN ('admin', 'staff')),
  user_id      bigint REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at   timestamptz,
  revoked_at   timestamptz,
  CONSTRAINT api_tokens_role_or_user CHECK (role IS NOT NULL OR user_id IS NOT NULL)
);

-- Tokens of a user (account page, revoke all on deactivation); also the FK user_id (ON DELETE CASCADE).
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id) WHERE user_id IS NOT NULL;
