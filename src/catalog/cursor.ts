/**
 * Keyset cursors: the sort key and id of the last row of a page, opaque to clients
 * (base64url JSON). A cursor only continues the sort it was made for.
 */
import { InvalidInputError } from '../errors.js';
import type { ProductSort } from './types.js';

export interface Cursor {
  sort: ProductSort;
  /** The sort column's value as PostgreSQL text (timestamptz, numeric or text). */
  key: string;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string, sort: ProductSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !Number.isSafeInteger(parsed[2])
  ) {
    throw InvalidInputError.field('/cursor', 'is not a cursor this API gave out; start again without it');
  }
  const [cursorSort, key, id] = parsed as [ProductSort, string, number];
  if (!(cursorSort in KEY_SHAPES) || !KEY_SHAPES[cursorSort](key) || id < 1) {
    throw InvalidInputError.field('/cursor', 'is not a cursor this API gave out; start again without it');
  }
  if (cursorSort !== sort) {
    throw InvalidInputError.field('/cursor', `was made for sort=${cursorSort}; use the same sort or start again`);
  }
  return { sort, key, id };
}

/**
 * The sort key of each sort as PostgreSQL prints it (products-repository.ts): anything else was
 * not made by this API and would reach the query as a value it cannot read.
 */
const KEY_SHAPES: Record<ProductSort, (key: string) => boolean> = {
  newest: (key) =>
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(key) &&
    !Number.isNaN(Date.parse(key.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'))),
  price: (key) => /^\d{1,10}\.\d{2}$/.test(key),
  price_desc: (key) => /^\d{1,10}\.\d{2}$/.test(key),
  name: (key) => key.length > 0 && key.length <= 300 && !key.includes('\u0000'),
};
