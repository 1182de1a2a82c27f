/**
 * Statements kept prepared on each connection to a PostgreSQL server: a hot path's big statement
 * is then parsed and analysed once per connection instead of on every call, and its plan can be
 * reused. A statement opts in by starting with the marker (prepared()); the server backend names it
 * by a hash of its text, so one text is one prepared statement and a statement whose text varies
 * (an IN list) never should opt in. The embedded database runs it as any other statement.
 */
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';

const MARKER = '/* prepared */';

/** The statement, marked to be kept prepared; its text must not vary from call to call. */
export function prepared<T>(statement: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(MARKER)} ${statement}`;
}

/** The name of the prepared statement for this text, or undefined when it did not opt in. */
export function preparedName(text: string): string | undefined {
  if (!text.startsWith(MARKER)) return undefined;
  return `jne_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}
