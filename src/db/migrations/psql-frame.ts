/**
 * The psql frame around every migration and rollback file. The runbook runs the files straight
 * through psql (`psql ... < file`, and `\i file` between BEGIN and ROLLBACK for a dry run), with
 * no `-1` and no ON_ERROR_STOP. The frame's lines make such a run what `jne db` makes it:
 *   - it stops at the first error, and the file runs in one transaction of its own, or inside the
 *     caller's open transaction (the dry run, `psql -1`), which it then never commits;
 *   - the apply file refuses when the migration before it is not recorded, skips itself when it is
 *     already recorded, and records itself in schema_migrations with the checksum jne computes;
 *   - the rollback file refuses while a later migration is recorded (migrations are applied in
 *     order, so every later one may depend on it), and removes its history row.
 * jne runs only the body, the lines between the two marker lines, and the body's SHA-256 is the
 * migration's checksum: a file keeps its checksum when it is framed, and a file without a frame
 * is all body.
 */
import { createHash } from 'node:crypto';
import { MigrationFilesError } from './errors.js';
import { HISTORY_TABLE } from './history.js';

export const BODY_START =
  '-- >>> jne runs only the lines from here to the <<< line; the lines around them are for psql';
export const BODY_END = '-- <<< end of what jne runs';

export type FileKind = 'apply' | 'rollback';

export interface FrameOf {
  kind: FileKind;
  /** '005' */
  version: string;
  /** 'dropshipping_platform_phase1' */
  name: string;
  /** The migration before it ('004'), '000' for the first one. */
  previous: string;
  /** The apply file's checksum (the SHA-256 of its body), recorded in schema_migrations. */
  checksum: string;
}

export interface Unframed {
  body: string;
  /** The file's line number of the body's first line. */
  firstLine: number;
  framed: boolean;
}

export function checksumOf(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** The body of a migration file (the whole file when it has no frame). */
export function unframe(text: string, file: string): Unframed {
  const lines = text.split('\n');
  const starts = lines.flatMap((line, i) => (line === BODY_START ? [i] : []));
  const ends = lines.flatMap((line, i) => (line === BODY_END ? [i] : []));
  if (starts.length === 0 && ends.length === 0) return { body: text, firstLine: 1, framed: false };
  if (starts.length !== 1 || ends.length !== 1 || ends[0]! < starts[0]!) {
    throw new MigrationFilesError(
      `${file}: its psql frame is broken: expected one line "${BODY_START}" before one line "${BODY_END}". ` +
        `Run npm run db:wrap to write the frame again.`,
    );
  }
  const bodyLines = lines.slice(starts[0]! + 1, ends[0]!);
  return { body: bodyLines.length ? `${bodyLines.join('\n')}\n` : '', firstLine: starts[0]! + 2, framed: true };
}

/** The file: the body inside its psql frame. */
export function frame(of: FrameOf, body: string): string {
  const [before, after] = of.kind === 'apply' ? applyFrame(of) : rollbackFrame(of);
  return `${before}\n${BODY_START}\n${body}${BODY_END}\n${after}\n`;
}

/** Why a body cannot be framed (psql would read it differently), or undefined. */
export function bodyProblem(body: string): string | undefined {
  if (!body.endsWith('\n')) return 'it does not end with a line break';
  if (/^\s*\\/m.test(body)) return 'it has a psql meta-command (a line starting with a backslash)';
  if (/^\s*(begin|commit|rollback|start\s+transaction)(\s+(work|transaction))?\s*;/im.test(body))
    return 'it opens or ends a transaction (the frame and jne do that)';
  if (/:['"]?jne_/.test(body)) return 'it uses a psql variable of the frame (:jne_...)';
  const code = body
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n')
    .trim();
  if (code !== '' && !code.endsWith(';')) return 'its last statement does not end with a semicolon';
  return undefined;
}

const HEADER = String.raw`-- This file is safe to run by hand as the runbook does (psql ... < file, or \i file between
-- BEGIN and ROLLBACK for a dry run; safest: psql -1 -v ON_ERROR_STOP=1 -f file). The psql lines
-- above the >>> line and below the <<< line stop at the first error, run the file in one
-- transaction (or inside yours, which they never commit), keep schema_migrations true and refuse
-- what would break it. npm run db:wrap writes them (database/migrations/README.md).`;

function opening(of: FrameOf): string {
  return String.raw`${HEADER}
\set jne_migration ${of.version}_${of.name}
\set jne_version ${of.version}
\set jne_name ${of.name}
\set jne_previous ${of.previous}
\set jne_checksum ${of.checksum}
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
CREATE TABLE ${HISTORY_TABLE};
\endif`;
}

const CLOSING = String.raw`\if :jne_in_transaction
\echo :jne_migration :jne_done, inside the open transaction: its COMMIT keeps that, its ROLLBACK undoes it
\else
COMMIT;
\echo :jne_migration :jne_done
\endif
\set ON_ERROR_STOP :jne_on_error_stop`;

function applyFrame(of: FrameOf): [string, string] {
  const before = String.raw`${opening(of)}
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
SELECT clock_timestamp() AS jne_started \gset`;
  const after = String.raw`INSERT INTO public.schema_migrations (version, name, checksum, execution_ms, applied_by)
VALUES (:'jne_version', :'jne_name', :'jne_checksum',
        round(extract(epoch FROM clock_timestamp() - :'jne_started'::timestamptz) * 1000),
        coalesce(nullif(current_setting('application_name'), ''), 'psql') || ' as role ' || current_user);
\set jne_done 'applied and recorded in schema_migrations'
\endif
${CLOSING}`;
  return [before, after];
}

function rollbackFrame(of: FrameOf): [string, string] {
  const before = String.raw`${opening(of)}
DO $$
DECLARE
  later text;
BEGIN
  SELECT string_agg(version || '_' || name, ', ' ORDER BY version) INTO later
    FROM public.schema_migrations WHERE version > current_setting('jne.version');
  IF later IS NOT NULL THEN
    RAISE EXCEPTION '% cannot be rolled back while later migrations are applied: %. Nothing was changed.',
      current_setting('jne.migration'), later
      USING ERRCODE = 'dependent_objects_still_exist',
            HINT = format('Use jne db rollback --to %s: it rolls back every migration above %s, newest first.',
              current_setting('jne.previous'), current_setting('jne.previous'));
  END IF;
END
$$;`;
  const after = String.raw`DELETE FROM public.schema_migrations WHERE version = :'jne_version';
\set jne_done 'rolled back, and schema_migrations no longer lists it'
${CLOSING}`;
  return [before, after];
}
