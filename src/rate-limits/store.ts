/**
 * The counters behind every rate limit (@fastify/rate-limit's store interface), in PostgreSQL so
 * that all processes of the shop count together: N servers still allow each client the limit, not
 * N times it. One statement per hit: the client's row in `rate_limit_hits` (unlogged) counts up,
 * or starts again when its window has ended. Rows of ended windows are deleted now and then.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];
type RouteOptions = Parameters<FastifyRateLimitStore['child']>[0];

/** How often a process deletes the rows of ended windows. */
const SWEEP_EVERY_MS = 60_000;

/** The store class @fastify/rate-limit instantiates (`store:` option), counting in `db`. */
export function postgresRateLimitStore(db: Kysely<DB>): FastifyRateLimitStoreCtor {
  let lastSweep = 0;
  const sweep = () => {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = Date.now();
    // Best effort: a failed sweep leaves rows that the next one deletes.
    sql`DELETE FROM rate_limit_hits WHERE window_ends_at < now()`.execute(db).catch(() => {});
  };

  class PostgresStore implements FastifyRateLimitStore {
    /** Keys of a route's own limit start with its method and URL (set by child()). */
    private prefix = '';

    incr(key: string, callback: Callback, timeWindowMs: number): void {
      hit(db, this.prefix + key, timeWindowMs).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
      sweep();
    }

    /** A route's own limit counts under its own keys. */
    child(routeOptions: RouteOptions): FastifyRateLimitStore {
      // The plugin passes the route's merged limit settings, the route under `routeInfo` (as its
      // own stores read it), where its type declaration says the route itself.
      const route = (routeOptions as unknown as { routeInfo?: RouteOptions }).routeInfo ?? routeOptions;
      const { method, url } = route;
      const store = new PostgresStore();
      store.prefix = `${this.prefix}${[method].flat().join(',')} ${url} `;
      return store;
    }
  }
  return PostgresStore;
}

/** One hit of `key`: the hits in its current window and the milliseconds the window has left. */
export async function hit(db: Kysely<DB>, key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
  const { rows } = await sql<{ hits: number; ttl: number }>`
    INSERT INTO rate_limit_hits AS h (key, hits, window_ends_at)
    VALUES (${key}, 1, now() + ${windowMs} * interval '1 millisecond')
    ON CONFLICT (key) DO UPDATE
       SET hits = CASE WHEN h.window_ends_at <= now() THEN 1 ELSE h.hits + 1 END,
           window_ends_at = CASE WHEN h.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE h.window_ends_at END
    RETURNING hits::int AS hits, ceil(greatest(0, extract(epoch FROM window_ends_at - now()) * 1000))::int AS ttl`.execute(
    db,
  );
  const row = rows[0]!;
  return { current: row.hits, ttl: row.ttl };
}
