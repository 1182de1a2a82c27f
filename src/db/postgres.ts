/** The PostgreSQL server backend: a pg pool for Kysely, a dedicated client per Session. */
import { Kysely, PostgresDialect } from 'kysely';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import type { Database } from './database.js';
import { preparedName } from './prepared.js';
import { databaseError } from './sqlstate.js';
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
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: connectionLossAware(pool) }) });

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

/** Node's socket errors of a connection that cannot be made or was cut. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The server cannot be reached or the connection died: SQLSTATE class 08, so it maps to 503 / try later. */
function connectionError(code: '08001' | '08006', cause: unknown): Error {
  const error = new Error(
    `${code === '08001' ? 'cannot connect to' : 'lost the connection to'} the database server: ${
      (cause as Error)?.message ?? String(cause)
    }`,
    { cause },
  );
  return Object.assign(error, { code });
}

/**
 * The pool as Kysely sees it, with connection loss made explicit. A client checked out when the
 * server goes away (a restart, a failover) emits 'error'; pg leaves that event to the owner, and
 * unheard it would end the process. Here every client has a listener, and a query that fails
 * because its connection died fails with SQLSTATE 08006; a connection that cannot be made, 08001.
 * A broken client is discarded on release, never handed out again.
 */
function connectionLossAware(pool: pg.Pool) {
  const lost = new WeakSet<pg.PoolClient>();
  pool.on('connect', (client) => client.on('error', () => lost.add(client as pg.PoolClient)));
  return {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw databaseError(error) ? error : connectionError('08001', error);
      }
      return {
        query: ((...args: unknown[]) => {
          const name = typeof args[0] === 'string' ? preparedName(args[0]) : undefined;
          const call = name === undefined ? args : [{ name, text: args[0], values: args[1] }];
          const result = (client.query as (...a: unknown[]) => unknown)(...call);
          if (!(result instanceof Promise)) return result; // a cursor or a stream: not a promise
          return result.catch((error: unknown) => {
            const code = (error as { code?: unknown })?.code;
            if (lost.has(client) || (typeof code === 'string' && SOCKET_ERRORS.has(code))) {
              lost.add(client);
              throw connectionError('08006', error);
            }
            throw error;
          });
        }) as pg.PoolClient['query'],
        release: () => client.release(lost.has(client)),
      };
    },
    end: () => pool.end(),
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
