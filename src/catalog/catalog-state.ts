/**
 * The catalog's state (catalog_state(), migration 018): it changes with every committed write to
 * a table the product list reads and when a supplier offer goes stale. The public product list
 * carries it as its ETag; a client that sends it back in If-None-Match gets a 304 while it holds.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { PREPARED } from '../db/prepared.js';
import { SQLSTATE, hasSqlState } from '../db/sqlstate.js';
import type { DB } from '../db/types.js';
import { ProductPageSchema } from './schemas.js';

/** The state as a column of a query, read in that query's snapshot: a subquery, so once, not on every row. */
export const CATALOG_STATE = sql<string>`(select catalog_state())`;

/** The response schema's fingerprint: a list served by another version of the API never matches. */
const FORMAT = createHash('sha1').update(JSON.stringify(ProductPageSchema)).digest('base64url').slice(0, 8);

export function etagOf(state: string): string {
  return `W/"${FORMAT}.${state}"`;
}

/** If-None-Match names this ETag (weak comparison; `*` is not honoured: the list is sent). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const wanted = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === wanted);
}

/**
 * Reads the current state for many concurrent requests with few queries. A caller never gets a
 * read that was sent before it asked (that one might miss a write committed just before): the
 * callers of one turn of the event loop share one read, sent after that turn.
 */
export function catalogStateReader(db: Kysely<DB>): () => Promise<string | null> {
  let pending: Promise<string | null> | undefined;
  const read = async () => {
    try {
      const { rows } = await sql<{ state: string }>`${PREPARED} select ${CATALOG_STATE} as state`.execute(db);
      return rows[0]!.state;
    } catch (error) {
      // A database rolled back below migration 018 has no catalog state: nothing is a 304.
      if (hasSqlState(error, SQLSTATE.undefinedFunction)) return null;
      throw error;
    }
  };
  return () => {
    pending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      pending = undefined;
      return read();
    });
    return pending;
  };
}
