/** schema_migrations: one row per applied migration, with the checksum of the file applied. */
import os from 'node:os';
import type { Session } from '../session.js';
import { hasSqlState, SQLSTATE } from '../sqlstate.js';
import { privilegeReport } from './diagnose.js';
import { MigrationError } from './errors.js';

export interface AppliedMigration {
  version: string;
  name: string;
  checksum: string;
  applied_at: Date;
  execution_ms: number;
  applied_by: string;
}

/** The history table's definition, also written into each migration file's psql lines. */
export const HISTORY_TABLE = `public.schema_migrations (
  version      text primary key,
  name         text not null,
  checksum     text not null,
  applied_at   timestamptz not null default now(),
  execution_ms integer not null,
  applied_by   text not null
)`;

export async function ensureHistoryTable(session: Session): Promise<void> {
  // Checked first so a role without CREATE on the schema can still read an existing history.
  const { rows } = await session.query<{ exists: boolean }>(
    `select to_regclass('public.schema_migrations') is not null as exists`,
  );
  if (rows[0]?.exists) return;
  const create = `create table if not exists ${HISTORY_TABLE}`;
  try {
    await session.exec(create);
  } catch (error) {
    if (!hasSqlState(error, SQLSTATE.insufficientPrivilege)) throw error;
    // The first migration of a new database, as a role that may not create tables: said as a
    // failed migration is (the role, what it lacks, the grant), before anything is applied.
    throw new MigrationError(
      'permission_denied',
      `The migration history (schema_migrations) cannot be created: permission denied. ` +
        `${await privilegeReport(session, create)} Nothing was changed.`,
      undefined,
      SQLSTATE.insufficientPrivilege,
    );
  }
}

export async function readHistory(session: Session): Promise<AppliedMigration[]> {
  const { rows } = await session.query<{ exists: boolean }>(
    `select to_regclass('public.schema_migrations') is not null as exists`,
  );
  if (!rows[0]?.exists) return [];
  const history = await session.query<AppliedMigration>(
    `select version, name, checksum, applied_at, execution_ms, applied_by
       from public.schema_migrations order by version`,
  );
  return history.rows;
}

export async function recordApplied(
  session: Session,
  migration: { version: string; name: string; checksum: string },
  executionMs: number,
): Promise<void> {
  await session.query(
    `insert into public.schema_migrations (version, name, checksum, execution_ms, applied_by)
     values ($1, $2, $3, $4, $5 || ' as role ' || current_user)`,
    [
      migration.version,
      migration.name,
      migration.checksum,
      Math.round(executionMs),
      `${os.userInfo().username}@${os.hostname()}`,
    ],
  );
}

export async function forgetApplied(session: Session, version: string): Promise<void> {
  await session.query(`delete from public.schema_migrations where version = $1`, [version]);
}
