/**
 * A Kysely instance over one Session: its queries and transactions run on that connection, so
 * work that Kysely's builder does not cover (COPY FROM STDIN) joins the same transaction.
 * On the embedded backend the session already holds PGlite exclusively (withSession), so this
 * dialect must not take the mutex again: `database.db` inside withSession would wait forever.
 */
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Mutex } from './mutex.js';
import type { Session } from './session.js';
import type { DB } from './types.js';

/**
 * With a mutex, callers of this Kysely take the session one at a time (a transaction from BEGIN
 * to its end), as on the embedded database: for a session that is not already held exclusively.
 */
export function sessionKysely(session: Session, mutex?: Mutex): Kysely<DB> {
  const releases: (() => void)[] = [];
  const connection: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const result = await session.query<R>(compiled.sql, compiled.parameters);
      return {
        rows: result.rows,
        ...(compiled.query.kind === 'SelectQueryNode' ? {} : { numAffectedRows: BigInt(result.rowCount) }),
      };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('Streaming queries are not supported on a session');
    },
  };
  const run = (statement: string) => connection.executeQuery(CompiledQuery.raw(statement)).then(() => {});
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => {
      if (mutex) releases.push(await mutex.lock());
      return connection;
    },
    beginTransaction: (_c, settings: TransactionSettings) =>
      run(`begin${settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''}`),
    commitTransaction: () => run('commit'),
    rollbackTransaction: () => run('rollback'),
    savepoint: (_c, name) => run(`savepoint ${name}`),
    rollbackToSavepoint: (_c, name) => run(`rollback to savepoint ${name}`),
    releaseSavepoint: (_c, name) => run(`release savepoint ${name}`),
    releaseConnection: async () => {
      // One holder at a time, so the release to call is the only one waiting.
      releases.pop()?.();
    },
    destroy: async () => {},
  };
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new PostgresQueryCompiler(),
      createIntrospector: (db) => new PostgresIntrospector(db),
    },
  });
}
