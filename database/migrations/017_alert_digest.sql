-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).
\set jne_migration 017_alert_digest
\set jne_version 017
\set jne_name alert_digest
\set jne_previous 016
\set jne_checksum 1ed10eec6391171496a69bfe980cb04b86ebc490da968c7e1024a1e7730aa3bc
\set jne_on_error_stop :ON_ERROR_STOP
\set ON_ERROR_STOP on
SELECT set_config('jne.migration', :'jne_migration', true) AS jne_probe \gset
SELECT current_setting('jne.migration', true) IS NOT DISTINCT FROM :'jne_migration' AS jne_in_transaction \gset
\if :jne_in_transaction
\else
BEGIN;
\endif
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '5min';
SELECT set_config('jne.migration', :'jne_migration', true) AS jne_probe,
       set_config('jne.version', :'jne_version', true) AS jne_probe,
       set_config('jne.previous', :'jne_previous', true) AS jne_probe \gset
SELECT to_regclass('public.schema_migrations') IS NULL AS jne_no_history \gset
\if :jne_no_history
CREATE TABLE public.schema_migrations (
  version      text primary key,
  name         text not null,
  checksum     text not null,
  applied_at   timestamptz not null default now(),
  execution_ms integer not null,
  applied_by   text not null
);
\endif
SELECT EXISTS (SELECT FROM public.schema_migrations WHERE version = :'jne_version') AS jne_applied \gset
\if :jne_applied
\set jne_done 'is already applied (schema_migrations has it): nothing was run'
\else
DO $$
BEGIN
  IF current_setting('jne.previous') <> '000' AND NOT EXISTS (
    SELECT FROM public.schema_migrations WHERE version = current_setting('jne.previous')
  ) THEN
    RAISE EXCEPTION '% needs migration % first, and schema_migrations does not have it. Nothing was changed.',
      current_setting('jne.migration'), current_setting('jne.previous')
      USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = format('Apply the migrations in order (jne db migrate --to %s). If %s was applied by hand, '
              'check it with jne db verify --version %s and record it with jne db baseline %s.',
              current_setting('jne.version'), current_setting('jne.previous'),
              current_setting('jne.previous'), current_setting('jne.previous'));
  END IF;
END
$$;
SELECT clock_timestamp() AS jne_started \gset
-- >>> jne runs only the lines from here to the <<< line; the lines around them are for psql
-- 017: the alarm e-mail digest (ALERT_DIGEST_TO) remembers which alarms it mailed, so that every
-- open alarm is mailed once, whichever process runs the digest and however many run it at once.
--   digest_claimed_at: when a digest run took the alarm to mail it; the run sends after that claim
--     is committed. A run that fails to send clears it again; one that dies leaves it, and after
--     the claim time (src/alerts/digest.ts) another run takes the alarm over.
--   digested_at: when the SMTP server accepted the digest that listed the alarm.
-- Alarms that exist already have neither: the first digest lists those still open.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets lock_timeout and statement_timeout on the transaction it wraps around this file and retries on lock timeout; a SET here would override it
-- squawk-ignore-file constraint-missing-not-valid -- the check is on new columns, null in every row: validated at once
-- squawk-ignore-file require-concurrent-index-creation -- a migration runs in one transaction, where CONCURRENTLY cannot run; the index covers only open alarms that were never mailed
ALTER TABLE alerts
  ADD COLUMN digest_claimed_at timestamptz,
  ADD COLUMN digested_at timestamptz,
  ADD CONSTRAINT alerts_digest_check CHECK (digested_at IS NULL OR digest_claimed_at IS NOT NULL);

-- The digest's claim: the open alarms not mailed yet.
CREATE INDEX alerts_undigested_idx ON alerts (id) WHERE resolved_at IS NULL AND digested_at IS NULL;

COMMENT ON COLUMN alerts.digest_claimed_at IS
  'When a run of the alarm digest took it to mail it (cleared when the send fails).';
COMMENT ON COLUMN alerts.digested_at IS 'When the SMTP server accepted the alarm digest that listed it.';
-- <<< end of what jne runs
INSERT INTO public.schema_migrations (version, name, checksum, execution_ms, applied_by)
VALUES (:'jne_version', :'jne_name', :'jne_checksum',
        round(extract(epoch FROM clock_timestamp() - :'jne_started'::timestamptz) * 1000),
        coalesce(nullif(current_setting('application_name'), ''), 'psql') || ' as role ' || current_user);
\set jne_done 'applied and recorded in schema_migrations'
\endif
\if :jne_in_transaction
\echo :jne_migration :jne_done, inside the open transaction: its COMMIT keeps that, its ROLLBACK undoes it
\else
COMMIT;
\echo :jne_migration :jne_done
\endif
\set ON_ERROR_STOP :jne_on_error_stop
