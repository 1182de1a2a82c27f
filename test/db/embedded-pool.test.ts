/**
 * The pool of in-memory test databases (test/support/embedded-pool.ts): a database a finished file
 * used is handed to the next one only in exactly the state of a fresh copy of the migrated
 * template (rows, sequences, schema, session), and not at all once its schema was changed.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isEmbeddedInProcess } from '../../src/db/embedded.js';
import { migratedDatabase, releaseDisposedDatabases, type TestDatabase } from '../support/databases.js';
import { closeIdle, fingerprintOf } from '../support/embedded-pool.js';

function pgliteOf(database: TestDatabase): PGlite {
  if (!isEmbeddedInProcess(database)) throw new Error(`${database.label} is not an in-memory PGlite`);
  return database.pglite;
}

/** Every table's rows, every sequence's next value, and the schema's fingerprint. */
async function stateOf(pglite: PGlite): Promise<Record<string, unknown>> {
  const { rows: tables } = await pglite.query<{ name: string }>(
    `SELECT oid::regclass::text AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1`,
  );
  const state: Record<string, unknown> = { fingerprint: await fingerprintOf(pglite) };
  for (const { name } of tables) {
    state[name] = (await pglite.query(`SELECT * FROM ${name} ORDER BY 1`)).rows;
  }
  const { rows: sequences } = await pglite.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, sequencename) AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
  );
  // nextval() moves a sequence: each state is read from a database that is not used afterwards
  for (const { name } of sequences) {
    state[`nextval ${name}`] = (await pglite.query('SELECT nextval($1::regclass)::text AS n', [name])).rows;
  }
  return state;
}

describe('the pool of in-memory test databases', () => {
  let fresh: PGlite;
  let pristine: Record<string, unknown>;
  beforeAll(async () => {
    await closeIdle();
    fresh = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(inject('embeddedTemplate'))]) });
    pristine = await stateOf(fresh);
  });
  afterAll(async () => {
    await fresh.close();
  });

  it('hands a used database to the next file in the state of a fresh copy of the template', async () => {
    const first = await migratedDatabase('embedded');
    const pglite = pgliteOf(first);
    await first.withSession(async (s) => {
      await s.exec(`
        INSERT INTO suppliers (code, name) VALUES ('ACME', 'Acme');
        INSERT INTO categories (name, slug) VALUES ('Tools', 'tools');
        INSERT INTO products (sku, slug, name, price) VALUES ('P-1', 'p-1', 'One', 10);
        INSERT INTO pricing_rules (name, scope, markup_type, markup_value)
          SELECT name || ' again', scope, markup_type, markup_value FROM pricing_rules ORDER BY id LIMIT 1;
        DELETE FROM pricing_rules WHERE id = (SELECT min(id) FROM pricing_rules);
        UPDATE schema_migrations SET checksum = 'x' WHERE version = '001';
        CREATE TEMP TABLE scratch (n int);
        SET statement_timeout = '1s';
        SELECT pg_advisory_lock(42);
        BEGIN;
        INSERT INTO suppliers (code, name) VALUES ('OPEN', 'In an open transaction');`);
    });
    await first.dispose();
    await releaseDisposedDatabases();

    const second = await migratedDatabase('embedded');
    try {
      const again = pgliteOf(second);
      expect(again, 'the same PGlite, used again').toBe(pglite);
      expect((await again.query<{ t: string }>("SELECT current_setting('statement_timeout') AS t")).rows[0]!.t).toBe(
        '0',
      );
      expect((await again.query(`SELECT FROM pg_class WHERE relname = 'scratch'`)).rows).toHaveLength(0);
      expect((await again.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(42) AS ok')).rows[0]!.ok).toBe(true);
      await again.query('SELECT pg_advisory_unlock(42)');
      expect(await stateOf(again)).toEqual(pristine);
    } finally {
      await second.dispose();
      // stateOf moved the sequences: this one must not be used again
      await pgliteOf(second).close();
      await releaseDisposedDatabases();
    }
  });

  it('closes a database whose schema a test changed, and the next file gets a fresh one', async () => {
    const first = await migratedDatabase('embedded');
    const pglite = pgliteOf(first);
    await first.withSession((s) => s.exec('DROP TRIGGER pricing_rules_set_updated_at ON pricing_rules'));
    await first.dispose();
    await releaseDisposedDatabases();
    expect(pglite.closed).toBe(true);

    const second = await migratedDatabase('embedded');
    try {
      expect(pgliteOf(second)).not.toBe(pglite);
      const { rows } = await pgliteOf(second).query(
        `SELECT FROM pg_trigger WHERE tgname = 'pricing_rules_set_updated_at'`,
      );
      expect(rows).toHaveLength(1);
    } finally {
      await second.dispose();
    }
  });
});
