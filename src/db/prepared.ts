/**
 * Named prepared statements for hot queries whose planning costs more than their execution (the
 * product list plans its availability subqueries and the inlined pricing functions in about 1 ms
 * and runs in about 0.2 ms; placement's statements are parsed and analysed once per connection
 * instead of on every order). A query whose SQL starts with the marker is, on a PostgreSQL server,
 * parsed and planned once per connection under a name derived from its text (one text, one
 * prepared statement: a statement whose text varies, such as an IN list, must not opt in);
 * PostgreSQL then switches to its generic plan when that is no dearer than the custom ones. On the
 * embedded database the marker is only a comment.
 */
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';

const MARKER = '/* prepared */';

/** Put first in a query's SQL: sql`${PREPARED} select ...`. */
export const PREPARED = sql.raw(MARKER);

/** The statement, marked to be kept prepared; its text must not vary from call to call. */
export function prepared<T>(statement: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${PREPARED} ${statement}`;
}

/** The statement name for this SQL text when it carries the marker, else undefined. */
export function preparedName(text: string): string | undefined {
  if (!text.startsWith(MARKER)) return undefined;
  return `jne_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}
