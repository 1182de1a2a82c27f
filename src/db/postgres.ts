/** The PostgreSQL server backend: a pg pool for Kysely, a dedicated client per Session. */
import { Kysely, PostgresDialect } from 'kysely';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Database } from './database.js';
import { TYPE_OIDS, parseInt8, type Session } from './session.js';
import type { DB } from './types.js';

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TYPE_OIDS.INT8) return parseInt8;
    if (oid === TYPE_OIDS.DATE || oid === TYPE_OIDS.NUMERIC) return (value: string) => value;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

export function openPostgres(connectionString: string, command: string): Database {
  const pool = new pg.Pool({
    connectionString,
    types,
    application_name: `jne ${command}`,
    max: 10,
    // Fail fast instead of hanging when the server is unreachable.
    connectionTimeoutMillis: 10_000,
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });

  return {
    backend: 'postgres',
    label: safeLabel(connectionString),
    db,
    async withSession(fn, applicationName = `jne ${command}`) {
      const client = new pg.Client({ connectionString, types, application_name: applicationName });
      client.on('error', () => {});
      await client.connect();
      try {
        return await fn(clientSession(client));
      } finally {
        await client.end().catch(() => {});
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

export function clientSession(client: pg.Client | pg.PoolClient): Session {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(script: string) {
      // No parameters: pg uses the simple query protocol, which runs several statements.
      await client.query(script);
    },
    async copyFrom(statement, data) {
      const copy = client.query(copyFromStdin(statement));
      await pipeline(Readable.from(data), copy);
      return copy.rowCount;
    },
  };
}

/** postgres://user:secret@host/db -> postgres://user@host/db */
export function safeLabel(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    url.password = '';
    return url.toString();
  } catch {
    return 'postgres server';
  }
}
