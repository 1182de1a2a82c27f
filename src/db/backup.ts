/**
 * Backup and restore, the runbook's first and last resort. A server is dumped with pg_dump
 * (plain SQL) and restored with psql in one transaction; the embedded database is dumped with
 * PGlite's own dumpDataDir (a gzipped tarball of its data folder) and restored by swapping the
 * folder, keeping the one it replaces.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './database.js';
import { lockDataDir } from './data-dir-lock.js';
import { parsers, pgliteDir, startParams } from './embedded.js';
import { makeFolder } from '../data-dir.js';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export function defaultBackupFile(backupDir: string, backend: Database['backend'], label: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return path.join(backupDir, `backup_${label}_${stamp}.${backend === 'postgres' ? 'sql' : 'tar.gz'}`);
}

/** Writes a full backup of the database to `file` and returns its size in bytes. */
export async function backupDatabase(database: Database, url: string | undefined, file: string) {
  try {
    makeFolder(path.dirname(file));
  } catch (error) {
    throw new BackupError(`The backup cannot be written to ${file}: ${(error as Error).message}.`);
  }
  if (database.backend === 'postgres') {
    await run('pg_dump', ['--format=plain', '--no-password', `--file=${file}`, url!], 'pg_dump');
  } else {
    const dump = await database.dumpDataDir!();
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
  }
  fs.chmodSync(file, 0o600); // a backup holds customer data
  return fs.statSync(file).size;
}

/**
 * Restores a pg_dump file into the server: everything in the shop's schemas is dropped and
 * re-created from the file, in one transaction, so a failure leaves the database as it was.
 */
export async function restoreServer(url: string, file: string): Promise<void> {
  checkServerBackup(file);
  const preamble = path.join(path.dirname(file), `.restore-preamble-${process.pid}.sql`);
  fs.writeFileSync(preamble, CLEAR_SCHEMAS);
  try {
    await run(
      'psql',
      [
        '--no-psqlrc',
        '--quiet',
        '--no-password',
        '-v',
        'ON_ERROR_STOP=1',
        '--single-transaction',
        '-f',
        preamble,
        '-f',
        file,
        url,
      ],
      'psql',
    );
  } finally {
    fs.rmSync(preamble, { force: true });
  }
}

/** Refuses a file that is not a plain pg_dump file. */
export function checkServerBackup(file: string): void {
  assertReadable(file);
  const head = fs.readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 400);
  if (!head.includes('PostgreSQL database dump')) {
    throw new BackupError(`${file} is not a plain pg_dump file (made by \`jne db backup\` on a server).`);
  }
}

/** Drops every object in public and every other non-system schema, so the dump rebuilds them. */
const CLEAR_SCHEMAS = `
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
            WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
              AND pg_has_role(nspowner, 'USAGE')
  LOOP EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname); END LOOP;
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  LOOP EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
         CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.relname);
  END LOOP;
  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'S'
  LOOP EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.relname); END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public'
  LOOP EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.sig); END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c', 'r')
              AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
  LOOP EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', r.typname); END LOOP;
END $$;
`;

/**
 * Restores an embedded backup: checks the tarball opens, then moves the current data folder
 * aside (its path is returned) and unpacks the backup in its place. Needs the data folder free.
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<{ previous: string | undefined }> {
  assertReadable(file);
  const blob = new Blob([fs.readFileSync(file)]);
  try {
    const probe = await PGlite.create({ loadDataDir: blob, parsers, startParams: startParams('jne db restore') });
    await probe.query('select 1');
    await probe.close();
  } catch (error) {
    throw new BackupError(`${file} is not an embedded database backup (made by \`jne db backup\`): ${String(error)}`);
  }
  const lock = lockDataDir(dataDir, 'jne db restore');
  try {
    const target = pgliteDir(dataDir);
    let previous: string | undefined;
    if (fs.existsSync(target)) {
      previous = `${target}.before-restore-${new Date().toISOString().replace(/[-:.]/g, '')}`;
      fs.renameSync(target, previous);
    }
    try {
      const restored = await PGlite.create({
        dataDir: target,
        loadDataDir: blob,
        parsers,
        startParams: startParams('jne db restore'),
      });
      await restored.query('select 1');
      await restored.close();
    } catch (error) {
      fs.rmSync(target, { recursive: true, force: true });
      if (previous) fs.renameSync(previous, target);
      throw new BackupError(`Restoring ${file} failed, the database was left as it was: ${String(error)}`);
    }
    return { previous };
  } finally {
    lock.release();
  }
}

function assertReadable(file: string): void {
  if (!fs.existsSync(file)) throw new BackupError(`Backup file ${file} does not exist.`);
}

function run(command: string, args: string[], name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          error.code === 'ENOENT'
            ? `${name} was not found on PATH: install the PostgreSQL client tools (Debian: apt-get install postgresql-client).`
            : `${name} could not start: ${error.message}`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new BackupError(`${name} failed (exit ${code}): ${stderr.trim() || 'no output'}`)),
    );
  });
}
