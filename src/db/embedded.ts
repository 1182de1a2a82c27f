/** The embedded backend: PGlite in-process, its data in DATA_DIR/pglite, or in memory for tests. */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import type { Database } from './database.js';
import { Mutex } from './mutex.js';
import { PGliteDialect } from './pglite-dialect.js';
import { TYPE_OIDS, parseInt8, type Session } from './session.js';
import type { DB } from './types.js';

export const parsers = {
  [TYPE_OIDS.INT8]: parseInt8,
  [TYPE_OIDS.NUMERIC]: (value: string) => value,
  [TYPE_OIDS.DATE]: (value: string) => value,
};

export interface EmbeddedOptions {
  /** undefined: an in-memory database (tests). */
  dataDir: string | undefined;
  command: string;
  /** A tarball made by PGlite's dumpDataDir, to start from (restore). */
  loadDataDir?: Blob;
}

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/** The embedded database, with what the shop needs to offer it to local commands. */
export type EmbeddedDatabase = Database & { pglite: PGlite; mutex: Mutex };

export function isEmbeddedInProcess(database: Database): database is EmbeddedDatabase {
  return 'pglite' in database && 'mutex' in database;
}

/** Processes that keep the database open for hours: the shop and `jne worker`. */
const longRunning = new Set(['server', 'jne worker']);

/**
 * PGlite's start arguments for a process (undefined: PGlite's own). PGlite zeroes and sets up all
 * of shared_buffers at every start: PostgreSQL's default 128MB costs a `jne` command about 0.1 s
 * of CPU and 120MB of memory more than 16MB. A command opens the database for one job and exits,
 * and reads what does not fit in 16MB from the operating system's file cache: importing a feed of
 * 200,000 rows, making drafts of them and repricing them take as long with 16MB as with 128MB.
 * The shop and the worker keep the default, so the pages they read all day stay in PostgreSQL's
 * own cache.
 */
export function startParams(command: string): string[] | undefined {
  if (longRunning.has(command)) return undefined;
  return [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];
}

export async function openEmbedded(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  let lock: DataDirLock | undefined;
  if (options.dataDir) lock = lockDataDir(options.dataDir, options.command);
  const params = startParams(options.command);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: pgliteDir(options.dataDir) } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      ...(params ? { startParams: params } : {}),
      parsers,
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  return embeddedDatabase(
    pglite,
    options.dataDir ? `embedded database in ${options.dataDir}` : 'embedded database in memory',
    lock,
  );
}

export function embeddedDatabase(pglite: PGlite, label: string, lock?: DataDirLock): EmbeddedDatabase {
  const mutex = new Mutex();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite, mutex) });
  const session: Session = {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await pglite.query<R>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(script: string) {
      await pglite.exec(script);
    },
    async copyFrom(statement, data) {
      const chunks: (string | Uint8Array)[] = [];
      for await (const chunk of data) chunks.push(chunk);
      return copyFromBlob(pglite, statement, new Blob(chunks as BlobPart[]));
    },
  };
  return {
    backend: 'embedded',
    label,
    db,
    pglite,
    mutex,
    withSession: (fn) => mutex.run(() => fn(session)),
    dumpDataDir: () => mutex.run(() => pglite.dumpDataDir('gzip')),
    async close() {
      await mutex.run(async () => {
        if (!pglite.closed) await pglite.close();
      });
      lock?.release();
    },
  };
}

/** `COPY … FROM STDIN` on PGlite: the data is a Blob read through its /dev/blob device. */
export async function copyFromBlob(pglite: PGlite, statement: string, blob: Blob): Promise<number> {
  const result = await pglite.query(statement.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'"), [], { blob });
  return result.affectedRows ?? 0;
}
