/**
 * Named prepared statements for hot queries whose planning costs more than their execution (the
 * product list plans its availability subqueries and the inlined pricing functions in about 1 ms
 * and runs in about 0.2 ms). A query whose SQL starts with PREPARED is, on a PostgreSQL server,
 * parsed and planned once per connection under a name derived from its text; PostgreSQL then
 * switches to its generic plan when that is no dearer than the custom ones. On the embedded
 * database the marker is only a comment.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';

const MARKER = '/* prepared */';

/** Put first in a query's SQL: sql`${PREPARED} select ...`. */
export const PREPARED = sql.raw(MARKER);

/** The statement name for this SQL text when it carries the marker, else undefined. */
export function preparedName(text: string): string | undefined {
  if (!text.startsWith(MARKER)) return undefined;
  return `jne_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}
