/**
 * The wire between the shop and a `jne` command on the same machine that uses the shop's
 * embedded database (server.ts, client.ts): one JSON message a line over a Unix socket.
 * Values JSON cannot carry (timestamps, bytes, bigints) travel tagged, both ways, so a query
 * through the shop returns exactly what it returns in-process.
 */
export type Request =
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'copy'; sql: string; data: string }
  | { id: number; op: 'dump' };

export type Response =
  | { id: number; ok: true; rows?: unknown[]; rowCount?: number; data?: string }
  | { id: number; ok: false; error: Record<string, unknown> };

const DATE = '__jne_date';
const BYTES = '__jne_bytes';
const BIGINT = '__jne_bigint';

export function encode(message: Request | Response): string {
  return (
    JSON.stringify(message, function (this: Record<string, unknown>, key, value: unknown) {
      // JSON.stringify has already called Date#toJSON on `value`; the original is on the holder.
      const original = this[key];
      if (original instanceof Date) return { [DATE]: original.toISOString() };
      if (original instanceof Uint8Array) return { [BYTES]: Buffer.from(original).toString('base64') };
      if (typeof original === 'bigint') return { [BIGINT]: original.toString() };
      return value;
    }) + '\n'
  );
}

export function decode<T extends Request | Response>(line: string): T {
  return JSON.parse(line, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const tagged = value as Record<string, string>;
      if (DATE in tagged) return new Date(tagged[DATE]!);
      if (BYTES in tagged) return new Uint8Array(Buffer.from(tagged[BYTES]!, 'base64'));
      if (BIGINT in tagged) return BigInt(tagged[BIGINT]!);
    }
    return value;
  }) as T;
}

/** The fields of a database error that callers classify by (SQLSTATE in `code`, constraint, …). */
const ERROR_FIELDS = [
  'name',
  'message',
  'code',
  'detail',
  'hint',
  'constraint',
  'table',
  'column',
  'schema',
  'position',
  'where',
  'severity',
] as const;

export function errorToWire(error: unknown): Record<string, unknown> {
  const source = (error ?? {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const field of ERROR_FIELDS) if (source[field] !== undefined) fields[field] = source[field];
  if (fields.message === undefined) fields.message = String(error);
  return fields;
}

export function errorFromWire(fields: Record<string, unknown>): Error {
  const error = new Error(String(fields.message));
  Object.assign(error, fields);
  return error;
}

/** Splits a byte stream into lines and hands each to `onLine`. */
export function lineReader(onLine: (line: string) => void): (chunk: Buffer) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString('utf8');
    let end = pending.indexOf('\n');
    while (end >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line) onLine(line);
      end = pending.indexOf('\n');
    }
  };
}
