/**
 * `jne db restore FILE [--yes] [--force]`: shows what the restore replaces (schema version and
 * rows per table, now and in the backup), asks on a terminal, and restores. `--yes` confirms for
 * scripts; without it and without a terminal nothing is restored. On a server, `--force` also
 * restores while the shop is connected.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Config } from '../config.js';
import { BackupError, checkServerBackup, restoreEmbedded, restoreServer } from '../db/backup.js';
import {
  summarizeDatabase,
  summarizeEmbeddedBackup,
  summarizeServerBackup,
  type DatabaseSummary,
} from '../db/backup-summary.js';
import { openDatabase } from '../db/database.js';
import { pgliteDir } from '../db/embedded.js';
import { EXIT } from './exit-codes.js';
import { UsageError, type CliIO } from './io.js';

export interface RestoreOptions {
  yes: boolean;
  force: boolean;
}

export async function restoreCommand(fileArg: string, options: RestoreOptions, config: Config, io: CliIO) {
  const file = path.resolve(io.cwd, fileArg);
  if (!fs.existsSync(file)) throw new BackupError(`Backup file ${file} does not exist.`);
  const incoming = config.databaseUrl ? await serverBackup(file) : await embeddedBackup(file);
  const now = await currentDatabase(config, options, io);
  if (now === 'shop connected') return EXIT.tryLater;
  const where = config.databaseUrl
    ? config.databaseUrl.replace(/:[^:@/]*@/, '@')
    : `the embedded database in ${config.dataDir}`;
  io.out(`Restoring ${file} replaces ${where}:`);
  for (const line of compare(now, incoming)) io.out(line);
  if (!options.yes && !io.isTerminal) {
    throw new UsageError(
      'jne db restore asks before it replaces the database, and there is no terminal to answer: ' +
        'nothing restored; pass --yes to restore without asking.',
    );
  }
  if (!options.yes) {
    const answer = (await io.ask!('Replace the database with the backup? Type yes to restore: ')).trim();
    if (answer.toLowerCase() !== 'yes') {
      io.out('Nothing restored.');
      return EXIT.failed;
    }
  }
  if (!config.databaseUrl) {
    const { previous } = await restoreEmbedded(config.dataDir, file);
    io.out(`Restored ${file} into the embedded database in ${config.dataDir}.`);
    if (previous) io.out(`The data it replaced is kept in ${previous} (delete it when you are sure).`);
    return EXIT.ok;
  }
  await restoreServer(config.databaseUrl, file);
  io.out(`Restored ${file} into ${where}.`);
  return EXIT.ok;
}

async function embeddedBackup(file: string): Promise<DatabaseSummary> {
  const bytes = fs.readFileSync(file);
  checkWhole(file, bytes);
  try {
    return await summarizeEmbeddedBackup(new Blob([bytes]));
  } catch (error) {
    throw new BackupError(`${file} is not an embedded database backup (made by \`jne db backup\`): ${String(error)}`);
  }
}

/**
 * A backup is a gzip file: it is unpacked once here, so that one cut short (a copy that stopped, a
 * full disk) is named as such before the embedded database reads it (which would fail later, in
 * its own stream, where the error cannot be caught).
 */
function checkWhole(file: string, bytes: Buffer): void {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return;
  try {
    zlib.gunzipSync(bytes);
  } catch (error) {
    throw new BackupError(
      `${file} is damaged or cut short (${(error as Error).message}): it cannot be restored, and nothing was changed.`,
    );
  }
}

async function serverBackup(file: string): Promise<DatabaseSummary> {
  checkServerBackup(file);
  return summarizeServerBackup(file);
}

/** The database as it is now; on a server, also whether the shop is connected to it. */
async function currentDatabase(
  config: Config,
  options: RestoreOptions,
  io: CliIO,
): Promise<DatabaseSummary | 'shop connected'> {
  // An embedded data folder that was never created holds nothing (and opening it would create it).
  if (!config.databaseUrl && !fs.existsSync(pgliteDir(config.dataDir))) return { version: undefined, rows: {} };
  const database = await openDatabase(config, {
    command: 'jne db restore',
    exclusive: 'a restore replaces the data folder under the running shop',
  });
  try {
    return await database.withSession(async (session) => {
      if (database.backend === 'postgres' && !options.force) {
        const others = await session.query<{ pid: number }>(
          `select pid from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and application_name like 'jne server%'`,
        );
        if (others.rows.length > 0) {
          io.err(
            `error: the shop server is connected to this database (${others.rows.map((r) => `pid ${r.pid}`).join(', ')}). ` +
              `Stop it before restoring (the runbook's "docker stop jneoutlet_backend"), or pass --force.`,
          );
          return 'shop connected';
        }
      }
      return summarizeDatabase(session);
    });
  } finally {
    await database.close();
  }
}

/** Lines of a table: the schema version and each table's rows, now and in the backup. */
function compare(now: DatabaseSummary, incoming: DatabaseSummary): string[] {
  const tables = [...new Set([...Object.keys(now.rows), ...Object.keys(incoming.rows)])].sort();
  const width = Math.max(20, ...tables.map((t) => t.length));
  const row = (name: string, a: string, b: string) => `  ${name.padEnd(width)} ${a.padStart(10)} ${b.padStart(14)}`;
  const count = (summary: DatabaseSummary, table: string) =>
    table in summary.rows ? String(summary.rows[table]) : 'no table';
  return [
    row('', 'now', 'in the backup'),
    row('schema version', now.version ?? 'none', incoming.version ?? 'none'),
    ...tables.map((t) => row(t, count(now, t), count(incoming, t))),
  ];
}
