/**
 * A Session is one database connection held by one caller, for work that Kysely's query
 * builder does not cover: multi-statement migration scripts, session settings, advisory locks.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Session {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements (simple query protocol). */
  exec(script: string): Promise<void>;
  /**
   * Runs `COPY table (columns) FROM STDIN` fed by `data` (COPY text format) and returns the
   * rows copied: a streamed COPY on the server; on PGlite the data becomes a Blob read
   * through its /dev/blob device (one process, so it is in memory anyway).
   */
  copyFrom(statement: string, data: AsyncIterable<string | Uint8Array>): Promise<number>;
}

/** Type OIDs parsed the same way on both backends, so code never sees a difference. */
export const TYPE_OIDS = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

/**
 * int8 (ids, counts) become numbers: ids stay far below 2^53. numeric stays a decimal string:
 * money is never a binary float. date stays 'YYYY-MM-DD': a calendar day has no time zone.
 */
export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} does not fit a JavaScript number`);
  return n;
}
