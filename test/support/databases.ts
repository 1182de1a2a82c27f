/**
 * The backends every database test runs on: the embedded PGlite always, and a real PostgreSQL
 * server when TEST_DATABASE_URL (or DATABASE_URL) is set. On the server each test gets a
 * database of its own, created (empty, or copied from the migrated template) and dropped when
 * its file ends; the database in the URL is only used to create them.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { MigrationSettings } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { embeddedDatabase, parsers, pgliteDir } from '../../src/db/embedded.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { Migrator } from '../../src/db/migrations/migrator.js';
import { openPostgres } from '../../src/db/postgres.js';
import { recycle, rememberTemplate, takeIdle } from './embedded-pool.js';

export type BackendName = 'embedded' | 'postgres';

export const serverUrl: string | undefined = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

/** ['embedded', 'postgres'] when a server is configured, else ['embedded']. */
export const backends: BackendName[] = serverUrl ? ['embedded', 'postgres'] : ['embedded'];

export const testMigrationSettings: MigrationSettings = {
  lockTimeoutMs: 2_000,
  statementTimeoutMs: 60_000,
  retries: 1,
  retryBackoffMs: 50,
  advisoryLockWaitMs: 2_000,
};

export interface TestDatabase extends Database {
  /** postgres: the URL of this test's own database. */
  url?: string;
  /** Drops it (server) or closes it (embedded). */
  dispose(): Promise<void>;
}

/** An empty database on the given backend. */
export async function emptyDatabase(backend: BackendName): Promise<TestDatabase> {
  if (backend === 'embedded') return embeddedCopy(inject('embeddedEmptyTemplate'));
  return serverDatabase('');
}

/** A database of its own on the test server, dropped when its file ends after dispose(). */
async function serverDatabase(createOptions: string): Promise<TestDatabase> {
  if (!serverUrl) throw new Error('No PostgreSQL server configured (TEST_DATABASE_URL)');
  const name = `jne_test_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name} ${createOptions}`.trim());
  const url = withDatabase(serverUrl, name);
  const database = openPostgres(url, 'test');
  return {
    ...database,
    url,
    async dispose() {
      await database.close();
      disposedDatabases.add(name);
    },
  };
}

/**
 * Databases disposed of by this file's tests, dropped (server) or kept for the next files
 * (embedded, see embedded-pool.ts) together when the file ends (test/support/drop-databases.ts).
 * PostgreSQL 15 forces a checkpoint for every DROP DATABASE and makes it wait for it: one at a
 * time, each test waited for its own (seconds on a busy server); dropped at once, they share one
 * or two.
 */
const disposedDatabases = new Set<string>();
const disposedEmbedded = new Set<PGlite>();

export async function releaseDisposedDatabases(): Promise<void> {
  const pglites = [...disposedEmbedded];
  disposedEmbedded.clear();
  for (const pglite of pglites) await recycle(pglite);
  const names = [...disposedDatabases];
  disposedDatabases.clear();
  // A few connections at a time: the workers of a run and other runs share the server's connections.
  for (let i = 0; i < names.length; i += 8) {
    await Promise.all(names.slice(i, i + 8).map((name) => admin(`drop database if exists ${name} with (force)`)));
  }
}

/**
 * A database with every migration applied: a copy of the run's template (see templates.ts),
 * or migrated here when there is none (a file run outside the test config).
 */
export async function migratedDatabase(backend: BackendName): Promise<TestDatabase> {
  const template = backend === 'embedded' ? inject('embeddedTemplate') : inject('serverTemplate');
  if (!template) {
    const database = await emptyDatabase(backend);
    await new Migrator(database, loadMigrations(), testMigrationSettings).migrate();
    return database;
  }
  if (backend === 'embedded') return embeddedMigrated(template);
  return serverDatabase(`template ${template}`);
}

/**
 * An in-memory PGlite in the migrated template's state: one a finished file left (embedded-pool.ts),
 * or loaded from the template's tar file. Disposed of, it waits for the end of its file.
 */
async function embeddedMigrated(template: string): Promise<TestDatabase> {
  let pglite = takeIdle();
  if (!pglite) {
    pglite = await PGlite.create({ parsers, loadDataDir: templateData(template) });
    await rememberTemplate(pglite);
  }
  const database = embeddedDatabase(pglite, 'embedded database in memory (test)');
  return {
    ...database,
    async dispose() {
      // what the test still runs on it finishes first
      await database.mutex.run(async () => {});
      disposedEmbedded.add(database.pglite);
    },
  };
}

/** An in-memory PGlite started from a template's tar file, or from initdb without one. */
async function embeddedCopy(template: string | undefined): Promise<TestDatabase> {
  const loadDataDir = template ? templateData(template) : undefined;
  const pglite = await PGlite.create({ parsers, ...(loadDataDir ? { loadDataDir } : {}) });
  const database = embeddedDatabase(pglite, 'embedded database in memory (test)');
  return { ...database, dispose: () => database.close() };
}

/**
 * An embedded data folder (DATA_DIR) holding a migrated database, as `jne db migrate` leaves it:
 * the migrated template's data folder copied file by file (no PGlite started), instead of
 * migrating again.
 */
export async function migratedDataDir(dataDir: string): Promise<void> {
  if (copyDataFolder(inject('embeddedTemplateDir'), dataDir)) return;
  const template = inject('embeddedTemplate');
  const pglite = await dataDirFrom(dataDir, template);
  try {
    if (!template)
      await new Migrator(embeddedDatabase(pglite, 'test'), loadMigrations(), testMigrationSettings).migrate();
  } finally {
    await pglite.close();
  }
}

/**
 * An embedded data folder (DATA_DIR) holding an empty database, as the first `jne` command in a
 * new folder makes it before migrating: initdb (seconds) is skipped by loading the empty template.
 */
export async function emptyDataDir(dataDir: string): Promise<void> {
  if (copyDataFolder(inject('embeddedEmptyTemplateDir'), dataDir)) return;
  await (await dataDirFrom(dataDir, inject('embeddedEmptyTemplate'))).close();
}

/** Copies a closed template data folder into DATA_DIR; false without one (a file run outside the test config). */
function copyDataFolder(templateDir: string | undefined, dataDir: string): boolean {
  if (!templateDir) return false;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.cpSync(templateDir, pgliteDir(dataDir), { recursive: true });
  return true;
}

async function dataDirFrom(dataDir: string, template: string | undefined): Promise<PGlite> {
  fs.mkdirSync(dataDir, { recursive: true });
  return PGlite.create({
    dataDir: pgliteDir(dataDir),
    parsers,
    ...(template ? { loadDataDir: templateData(template) } : {}),
  });
}

const templateFiles = new Map<string, Blob>();

/** A template's tar file, read once per worker. */
function templateData(file: string): Blob {
  let blob = templateFiles.get(file);
  if (!blob) {
    blob = new Blob([fs.readFileSync(file)]);
    templateFiles.set(file, blob);
  }
  return blob;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs SQL on the server's maintenance connection (create/drop databases, roles). */
export async function admin(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** A raw client on a test database, for playing another session (a blocker, another role). */
export async function rawClient(url: string, applicationName = 'test session'): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return client;
}
