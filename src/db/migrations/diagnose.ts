/**
 * Turns a failed migration into the runbook's "common issues", each with its diagnosis.
 * Runs after the failed transaction was rolled back, on the same session.
 */
import type { Session } from '../session.js';
import { SQLSTATE, databaseError, lineOf } from '../sqlstate.js';
import { MigrationError } from './errors.js';
import { describeSession, lockHoldersOn, tablesTouchedBy, withoutComments } from './sessions.js';

export interface FailedRun {
  id: string;
  file: string;
  sql: string;
  /** The file's line number of the first line of sql (files have a psql frame before it). */
  firstLine: number;
  /** The backend pid that ran it (excluded when listing lock holders). */
  pid: number;
  attempts: number;
}

export async function diagnose(session: Session, run: FailedRun, error: unknown): Promise<MigrationError> {
  const db = databaseError(error);
  if (!db) return new MigrationError('sql_error', `${run.id} failed: ${String(error)}`, run.id);
  const bodyLine = lineOf(run.sql, db.position);
  const where = bodyLine === undefined ? undefined : bodyLine + run.firstLine - 1;
  const at = where ? `${run.file}, line ${where}` : run.file;
  const pgSays = `PostgreSQL says: ${db.message}${db.detail ? ` (${db.detail})` : ''} [SQLSTATE ${db.code}]`;

  switch (db.code) {
    case SQLSTATE.duplicateTable:
    case SQLSTATE.duplicateColumn:
    case SQLSTATE.duplicateObject:
    case SQLSTATE.duplicateFunction:
    case SQLSTATE.duplicateSchema:
      return new MigrationError(
        'objects_exist',
        `${run.id} creates objects that already exist, but schema_migrations has no record of it: ` +
          `it was probably applied by hand. ${pgSays}. Nothing was changed. ` +
          `If the database already has this migration, check it with \`jne db verify --version ${run.id.slice(0, 3)}\` ` +
          `and record it without running it again with \`jne db baseline ${run.id.slice(0, 3)}\`; ` +
          `otherwise remove the leftover objects (the rollback script ${run.id}_rollback.sql does that) and migrate again.`,
        run.id,
        db.code,
      );
    case SQLSTATE.uniqueViolation:
      return new MigrationError(
        'duplicate_keys',
        `${run.id} could not create unique index ${db.constraint ?? '(unnamed)'} on ${db.table ?? 'its table'}: ` +
          `the existing data has duplicates. ${await duplicateReport(session, run.sql, db.constraint)}` +
          `${pgSays}. Nothing of ${run.id} was applied. Clean the duplicates (merge or rename the rows), then migrate again.`,
        run.id,
        db.code,
      );
    case SQLSTATE.insufficientPrivilege:
      return new MigrationError(
        'permission_denied',
        `${run.id}: permission denied at ${at}. ${await privilegeReport(session, run.sql)} ${pgSays}. Nothing of ${run.id} was applied.`,
        run.id,
        db.code,
      );
    case SQLSTATE.lockNotAvailable:
    case SQLSTATE.deadlockDetected: {
      const holders = await lockHoldersOn(session, tablesTouchedBy(run.sql), run.pid);
      const who =
        holders.length > 0
          ? `Sessions holding locks on the tables it changes: ${holders.map(describeSession).join(' | ')}.`
          : 'The sessions that held the locks have finished since.';
      return new MigrationError(
        'lock_timeout',
        `${run.id} gave up after ${run.attempts} attempt(s): ${db.code === SQLSTATE.deadlockDetected ? 'deadlock' : 'could not get a lock within lock_timeout'}. ` +
          `${who} Nothing of ${run.id} was applied. Let those queries finish (or end them with SELECT pg_terminate_backend(pid)), ` +
          `or restart the backend for a moment, then migrate again.`,
        run.id,
        db.code,
      );
    }
    case SQLSTATE.queryCanceled:
      return new MigrationError(
        'statement_timeout',
        `${run.id} was cancelled by statement_timeout at ${at}. Nothing of ${run.id} was applied. ` +
          `Raise MIGRATION_STATEMENT_TIMEOUT_MS if the tables are large, and run it at a quiet moment.`,
        run.id,
        db.code,
      );
    default:
      return new MigrationError(
        'sql_error',
        `${run.id} failed at ${at}. ${pgSays}. Nothing of ${run.id} was applied.`,
        run.id,
        db.code,
      );
  }
}

/** Finds the unique index's definition in the script and lists the keys that occur twice or more. */
async function duplicateReport(session: Session, sql: string, indexName: string | undefined): Promise<string> {
  if (!indexName) return '';
  const definition = findUniqueIndex(sql, indexName);
  if (!definition) return '';
  const where = definition.predicate ? ` where ${definition.predicate}` : '';
  try {
    const { rows } = await session.query<{ key: string; rows: number }>(
      `select (${definition.keys})::text as key, count(*)::int as rows from ${definition.table}${where}
        group by 1 having count(*) > 1 order by 2 desc, 1 limit 50`,
    );
    if (rows.length === 0) return '';
    const list = rows.map((r) => `${r.key} (${r.rows} rows)`).join(', ');
    return `Duplicate keys of (${definition.keys}) in ${definition.table}: ${list}. `;
  } catch {
    return ''; // the table is new in this migration: PostgreSQL's detail below names the key
  }
}

function findUniqueIndex(
  sql: string,
  indexName: string,
): { table: string; keys: string; predicate: string | undefined } | undefined {
  const text = withoutComments(sql);
  const start = new RegExp(
    `create\\s+unique\\s+index\\s+(?:concurrently\\s+)?(?:if\\s+not\\s+exists\\s+)?"?${indexName}"?\\s+on\\s+(?:only\\s+)?([\\w."]+)\\s*(?:using\\s+\\w+\\s*)?\\(`,
    'i',
  ).exec(text);
  if (!start) return undefined;
  // The key list is balanced parentheses: walk to its end.
  let depth = 1;
  let i = start.index + start[0].length;
  const from = i;
  for (; i < text.length && depth > 0; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
  }
  const keys = text.slice(from, i - 1).trim();
  const rest = text.slice(i, text.indexOf(';', i) === -1 ? undefined : text.indexOf(';', i));
  const predicate = /^\s*(?:include\s*\([^)]*\)\s*)?where\s+([\s\S]+)$/i.exec(rest)?.[1]?.trim();
  return { table: start[1]!.replaceAll('"', ''), keys, predicate };
}

/** Names the role and each privilege it lacks for what the script does. */
/** What the current role lacks to run `sql` (CREATE on the schema, ownership of its tables), and the cure. */
export async function privilegeReport(session: Session, sql: string): Promise<string> {
  const { rows } = await session.query<{ role: string; can_create: boolean; schema_owner: string }>(
    `select current_user as role, has_schema_privilege('public', 'CREATE') as can_create,
            pg_get_userbyid(nspowner) as schema_owner
       from pg_namespace where nspname = 'public'`,
  );
  const me = rows[0];
  if (!me) return '';
  const lacks: string[] = [];
  if (!me.can_create) lacks.push(`CREATE on schema public (owner: ${me.schema_owner})`);
  const tables = await session.query<{ name: string; owner: string; owns: boolean }>(
    `select c.relname as name, pg_get_userbyid(c.relowner) as owner,
            pg_has_role(current_user, c.relowner, 'USAGE') as owns
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and c.relname = any($1::text[])`,
    [tablesTouchedBy(sql).map((t) => t.replace(/^public\./, ''))],
  );
  for (const t of tables.rows) {
    if (!t.owns)
      lacks.push(`ownership of table ${t.name} (owner: ${t.owner}; ALTER TABLE, CREATE INDEX and triggers need it)`);
  }
  if (lacks.length === 0)
    return `Role "${me.role}" has CREATE on schema public and owns the tables it changes; see the statement below.`;
  return (
    `Role "${me.role}" lacks: ${lacks.join('; ')}. Run migrations as the role that owns the schema ` +
    `(the runbook's jneuser), or grant what is missing, e.g. GRANT CREATE ON SCHEMA public TO ${me.role}.`
  );
}
