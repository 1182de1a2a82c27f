/**
 * vitest globalSetup: one migrated database per backend for the whole run, which every test's
 * migrated database is copied from instead of running the migrations again. The embedded
 * templates are PGlite data folders dumped to tar files, one empty and one migrated (loaded
 * with loadDataDir, which also skips initdb, the slowest part of a new PGlite), and the same two
 * as data folders on disk, which a test's DATA_DIR copies file by file instead of starting a
 * PGlite to load the tar; the server template is a database that `CREATE DATABASE ... TEMPLATE` copies.
 * Both are made from whatever migrations database/migrations holds, and removed after the run.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { embeddedDatabase, parsers } from '../../src/db/embedded.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { Migrator } from '../../src/db/migrations/migrator.js';
import { openPostgres } from '../../src/db/postgres.js';
import { admin, serverUrl, testMigrationSettings, withDatabase } from './databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tar file of a migrated PGlite data folder. */
    embeddedTemplate: string;
    /** A tar file of an empty PGlite data folder (initdb done, nothing migrated). */
    embeddedEmptyTemplate: string;
    /** The migrated and the empty PGlite data folders themselves, closed (for a DATA_DIR to copy). */
    embeddedTemplateDir: string;
    embeddedEmptyTemplateDir: string;
    /** The name of a migrated database on the test server ('' without a server). */
    serverTemplate: string;
  }
}

export default async function makeTemplates(project: TestProject): Promise<() => Promise<void>> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-templates-'));
  const [embedded, server] = await Promise.all([embeddedTemplates(folder), serverTemplate()]);
  project.provide('embeddedEmptyTemplate', embedded.empty);
  project.provide('embeddedTemplate', embedded.migrated);
  const [emptyDir, migratedDir] = await Promise.all([
    dataFolder(embedded.empty, path.join(folder, 'pglite-empty')),
    dataFolder(embedded.migrated, path.join(folder, 'pglite-migrated')),
  ]);
  project.provide('embeddedEmptyTemplateDir', emptyDir);
  project.provide('embeddedTemplateDir', migratedDir);
  project.provide('serverTemplate', server ?? '');
  return async () => {
    fs.rmSync(folder, { recursive: true, force: true });
    if (server) await admin(`drop database if exists ${server} with (force)`);
  };
}

async function embeddedTemplates(folder: string): Promise<{ empty: string; migrated: string }> {
  // WAL segments of 1MB instead of 16MB: the templates' tar files are a quarter smaller (43 -> 32MB
  // migrated), and every test's in-memory database loads one of them; no query sees the difference.
  const pglite = await PGlite.create({ parsers, initDbStartParams: ['--wal-segsize=1'] });
  const database = embeddedDatabase(pglite, 'embedded template (tests)');
  const dump = async (name: string) => {
    const file = path.join(folder, name);
    const tarball = await database.pglite.dumpDataDir('none');
    fs.writeFileSync(file, new Uint8Array(await tarball.arrayBuffer()));
    return file;
  };
  try {
    // Written to the template's postgresql.auto.conf, so every test database copied from it starts
    // with it. PGlite zeroes and sets up all of shared_buffers at every start: with the default 128MB
    // that is most of the time a test's PGlite or `jne` command takes to open (about 0.5 s of CPU).
    // A test database holds a few MB, which 16MB caches whole; no query's result depends on it.
    await database.pglite.exec(`ALTER SYSTEM SET shared_buffers = '16MB'`);
    // PGlite works in the database "postgres"; initdb's template0 and template1 beside it are half
    // of every tar file a test's in-memory database unpacks (33 -> 17MB migrated, about 0.1 s less
    // CPU each). Nothing on the embedded backend creates a database from them.
    for (const template of ['template0', 'template1']) {
      await database.pglite.exec(`ALTER DATABASE ${template} IS_TEMPLATE false`);
      await database.pglite.exec(`DROP DATABASE ${template}`);
    }
    const empty = await dump('pglite-empty.tar');
    await new Migrator(database, loadMigrations(), testMigrationSettings).migrate();
    return { empty, migrated: await dump('pglite-migrated.tar') };
  } finally {
    await database.close();
  }
}

/** A PGlite data folder loaded from a template's tar file and closed cleanly. */
async function dataFolder(tarFile: string, dir: string): Promise<string> {
  const pglite = await PGlite.create({ dataDir: dir, parsers, loadDataDir: new Blob([fs.readFileSync(tarFile)]) });
  await pglite.close();
  return dir;
}

async function serverTemplate(): Promise<string | undefined> {
  if (!serverUrl) return undefined;
  const name = `jne_template_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const database = openPostgres(withDatabase(serverUrl, name), 'test template');
  let migrated = false;
  try {
    await new Migrator(database, loadMigrations(), testMigrationSettings).migrate();
    migrated = true;
  } finally {
    // A template must have no connections left: CREATE DATABASE ... TEMPLATE refuses otherwise.
    await database.close();
    if (!migrated) await admin(`drop database if exists ${name} with (force)`);
  }
  return name;
}
