/**
 * URL search parameters as plain strings: `?page=2&q=123` reads as {page: "2", q: "123"} and each
 * route's validateSearch turns them into typed values, so a shared link or a reload opens the same
 * view and a typed number is never mistaken for a word (or the other way round). Empty and absent
 * values are left out of the URL.
 */
type Search = Record<string, unknown>;

export function parseSearch(searchStr: string): Search {
  const search: Search = {};
  for (const [key, value] of new URLSearchParams(searchStr)) search[key] = value;
  return search;
}

export function stringifySearch(search: Search): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

// ---------------------------------------------------------------------------------------------
// Validators for validateSearch: a value that does not fit is dropped, never guessed into shape
// ---------------------------------------------------------------------------------------------

export function text(value: unknown, maxLength = 200): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s.slice(0, maxLength);
}

/** A whole number from min up, or undefined. */
export function whole(value: unknown, min = 1): number | undefined {
  const s = text(value);
  if (!s || !/^\d{1,9}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min ? n : undefined;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

export function flag(value: unknown): true | undefined {
  return value === 'true' || value === true ? true : undefined;
}

/** A decimal amount as typed in a price filter ("40", "80.00"), kept as a string. */
export function amount(value: unknown): string | undefined {
  const s = text(value);
  return s && /^\d{1,9}(\.\d{1,2})?$/.test(s) ? s : undefined;
}

/** A calendar day, YYYY-MM-DD. */
export function day(value: unknown): string | undefined {
  const s = text(value);
  return s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? s : undefined;
}

// ---------------------------------------------------------------------------------------------
// The table's part of the URL: page, sort and direction (see ui/DataTable.tsx)
// ---------------------------------------------------------------------------------------------

export type SortDirection = 'asc' | 'desc';

export interface TableSearch<Sort extends string = string> {
  page?: number;
  sort?: Sort;
  dir?: SortDirection;
}

/** The search of a route whose validateSearch gives T: every key optional, so a link may leave any out. */
export type SearchOf<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

export function tableSearch<Sort extends string = never>(
  search: Search,
  sortKeys: readonly Sort[] = [],
): TableSearch<Sort> {
  return {
    page: whole(search.page, 2),
    sort: oneOf(search.sort, sortKeys),
    dir: oneOf(search.dir, ['asc', 'desc'] as const),
  };
}

/** limit and offset of the API's list routes for a 1-based page. */
export function pageWindow(page: number | undefined, pageSize: number): { limit: number; offset: number } {
  return { limit: pageSize, offset: ((page ?? 1) - 1) * pageSize };
}
