/**
 * A CSV feed read by PostgreSQL: its regular records (csv-scan.ts) are COPYed as they are into a
 * table of text columns, one per header column, and moved into the staging table by one INSERT
 * that maps the columns and takes every row whose fields are plainly valid: digits where a number
 * belongs, an amount with at most one decimal mark, a GTIN of 8 to 14 digits, a 3-letter currency,
 * a SKU and a name short enough whatever their characters. For those rows validate.ts's rules
 * give exactly these values (they are written with casts and translate(), not regular expressions,
 * which cost more than the rest of the import). Every other row (a space inside an amount, "12.0"
 * as a count, a thousands separator, anything to reject) is read back and checked by validate.ts,
 * so its reason or its value is the one the JavaScript rules give.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Session } from '../db/session.js';
import type { DB } from '../db/types.js';
import type { FeedRecord } from './feed-parse.js';
import { STAGING } from './staging.js';
import type { CsvShape } from './csv-scan.js';
import { FEED_FIELDS, type FeedField } from './types.js';
import type { FeedMapping } from './validate.js';

export const RAW = 'catalog_import_raw';
const raw = sql.table(RAW);
const staging = sql.table(STAGING);

/** What String.prototype.trim() removes. */
const SPACE = ` \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff`;
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ';

export async function createRawStaging(trx: Kysely<DB>, width: number): Promise<void> {
  const columns = Array.from({ length: width }, (_, i) => `c${i + 1} text`).join(', ');
  await sql`CREATE TEMPORARY TABLE ${raw} (line integer NOT NULL, ${sql.raw(columns)}) ON COMMIT DROP`.execute(trx);
}

/** COPY of csv-scan's data (line, then the record's fields); returns the rows copied. */
export function copyRawCsv(session: Session, shape: CsvShape, data: AsyncIterable<Buffer>): Promise<number> {
  const delimiter = shape.delimiter === '\t' ? "E'\\t'" : `'${shape.delimiter}'`;
  return session.copyFrom(`COPY ${RAW} FROM STDIN (FORMAT csv, DELIMITER ${delimiter})`, data);
}

/**
 * Moves the plainly valid raw rows into the staging table; returns the others as csv-parse's
 * records (a column's value by header name) for validate.ts. header: the CSV's columns; a field
 * reads the last column of its name, as csv-parse's records do.
 */
export async function takePlainRows(
  trx: Kysely<DB>,
  header: string[],
  mapping: FeedMapping,
  defaultCurrency: string,
): Promise<FeedRecord[]> {
  const index = new Map(header.map((c, i) => [c, i + 1]));
  const v = (field: FeedField): RawBuilder<string | null> => {
    const i = index.get(mapping.columns[field]);
    return i === undefined ? sql`NULL::text` : sql.ref(`r.c${i}`);
  };
  const trimmed = (field: FeedField) => sql<string | null>`nullif(btrim(${v(field)}, ${SPACE}), '')`;
  const digits = (x: RawBuilder<unknown>) =>
    sql<boolean>`(ascii(${x}) BETWEEN 48 AND 57 AND translate(${x}, ${DIGITS}, '') = '')`;
  // A count is plain when empty (the default) or 1 to 9 digits with nothing around them; the CASE
  // casts only such digits.
  const count = (field: FeedField) => sql`${v(field)} AS ${sql.ref(`${field}_text`)},
    CASE WHEN ${digits(v(field))} AND octet_length(${v(field)}) <= 9 THEN ${v(field)}::int END AS ${sql.ref(field)}`;
  const countPlain = (field: FeedField, min: number) =>
    sql<boolean>`(${sql.ref(`x.${field}_text`)} IS NULL OR ${sql.ref(`x.${field}`)} >= ${sql.lit(min)})`;
  const cost = v('cost_price');
  // digits with at most one decimal point or comma, read as the decimal it writes; plain with at
  // most 8 digits before the mark and 4 after it, zeros aside
  const amountOk = sql<boolean>`(x.amount < 100000000 AND x.amount = round(x.amount, 4))`;
  // UTF-16 code units (JavaScript's length) are never more than UTF-8 bytes.
  const plain = sql<boolean>`(x.supplier_sku IS NOT NULL AND octet_length(x.supplier_sku) <= 200 AND ${amountOk}
    AND ${countPlain('stock_quantity', 0)} AND ${countPlain('lead_time_days', 0)} AND ${countPlain('min_order_quantity', 1)}
    AND (x.gtin IS NULL OR (${digits(sql.ref('x.gtin'))} AND octet_length(x.gtin) BETWEEN 8 AND 14))
    AND (x.currency IS NULL OR (octet_length(x.currency) = 3 AND translate(x.currency, ${LETTERS}, '') = ''))
    AND (x.name IS NULL OR octet_length(x.name) <= 500))`;
  // The plain rows' fields as received: the trimmed SKU, name and product SKU; the others have no
  // spaces to trim.
  const receivedColumn: Record<FeedField, string> = {
    supplier_sku: 'x.supplier_sku',
    cost_price: 'x.cost_price',
    stock_quantity: 'x.stock_quantity_text',
    gtin: 'x.gtin',
    name: 'x.name',
    currency: 'x.currency',
    lead_time_days: 'x.lead_time_days_text',
    min_order_quantity: 'x.min_order_quantity_text',
    product_sku: 'x.product_sku',
  };
  const received = FEED_FIELDS.map((f) => sql.ref(receivedColumn[f]));
  // No JIT: its compilation costs more than this statement. Restored right after.
  const { rows: before } = await sql<{ jit: string }>`
    SELECT current_setting('jit') AS jit, set_config('jit', 'off', true)`.execute(trx);
  // Each value is computed once in x (OFFSET 0 keeps PostgreSQL from folding x into the outer
  // query, which would compute it again wherever it is used).
  const { rows } = await sql<{ line: number }>`
    WITH taken AS (
      INSERT INTO ${staging} (line, supplier_sku, cost_price, stock_quantity, gtin, name, currency, lead_time_days,
                              min_order_quantity, product_sku, raw_fields, reason)
      SELECT x.line, x.supplier_sku, CASE WHEN ${amountOk} THEN x.amount END,
             CASE WHEN x.stock_quantity_text IS NULL THEN 0 ELSE x.stock_quantity END, x.gtin, x.name,
             CASE WHEN x.currency IS NULL THEN ${defaultCurrency}
                  WHEN octet_length(x.currency) = 3 THEN translate(x.currency, ${LETTERS}, ${UPPER}) END,
             x.lead_time_days, CASE WHEN x.min_order_quantity_text IS NULL THEN 1 ELSE x.min_order_quantity END,
             x.product_sku, ARRAY[${sql.join(received)}],
             CASE WHEN ${plain} THEN NULL ELSE 'left to validate.ts' END
        FROM (SELECT r.line, ${trimmed('supplier_sku')} AS supplier_sku, ${trimmed('name')} AS name,
                     ${trimmed('product_sku')} AS product_sku, ${cost} AS cost_price,
                     CASE WHEN ascii(${cost}) BETWEEN 48 AND 57 AND translate(${cost}, ${DIGITS}, '') IN ('', ',', '.')
                          THEN replace(${cost}, ',', '.')::numeric END AS amount,
                     ${count('stock_quantity')}, ${count('lead_time_days')}, ${count('min_order_quantity')},
                     ${v('gtin')} AS gtin, ${v('currency')} AS currency
                FROM ${raw} r OFFSET 0) x
      RETURNING line, reason
    )
    SELECT line FROM taken WHERE reason IS NOT NULL`.execute(trx);
  await sql`SELECT set_config('jit', ${before[0]!.jit}, true)`.execute(trx);
  if (rows.length === 0) return [];
  await sql`DELETE FROM ${staging} WHERE reason IS NOT NULL`.execute(trx);
  return rawRecords(
    trx,
    header,
    rows.map((r) => r.line),
  );
}

/** The raw rows of these lines as csv-parse's records. */
async function rawRecords(trx: Kysely<DB>, header: string[], lines: number[]): Promise<FeedRecord[]> {
  const { rows } = await sql<Record<string, string | null>>`
    SELECT * FROM ${raw} WHERE line = ANY(${lines}::int[]) ORDER BY line`.execute(trx);
  const index = new Map(header.map((c, i) => [c, i + 1]));
  return rows.map((row) => ({
    line: Number(row.line),
    value: (name: string) => {
      const i = index.get(name);
      // COPY reads an empty unquoted field as NULL, csv-parse as ''
      return i === undefined ? undefined : (row[`c${i}`] ?? '');
    },
  }));
}
