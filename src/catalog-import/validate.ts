/**
 * Rules for one feed row: the supplier's column mapping, then each field checked and normalized.
 * Money stays a decimal string from the feed's text to the database (never a JS float);
 * "12,50" and "1.234,56" are read as the decimal numbers they mean in a German feed.
 */
import { FeedError } from './errors.js';
import type { FeedRecord } from './feed-parse.js';
import { FEED_FIELDS, type ColumnMapping, type FeedField, type FeedRow, type Rejection } from './types.js';

export interface FeedMapping {
  columns: Record<FeedField, string>;
  /** CSV delimiter from the mapping's "_delimiter" key; undefined = detect it. */
  delimiter: string | undefined;
}

/** suppliers.catalog_column_mapping -> the column of each field (identity where unmapped). */
export function resolveMapping(stored: Record<string, unknown>): FeedMapping {
  const mapping: ColumnMapping = {};
  for (const field of FEED_FIELDS) {
    const column = stored[field];
    if (typeof column === 'string' && column.trim() !== '') mapping[field] = column.trim();
  }
  const delimiter = stored._delimiter;
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length !== 1)) {
    throw new FeedError(
      `the supplier's column mapping has "_delimiter": ${JSON.stringify(delimiter)}, not one character`,
    );
  }
  const columns = Object.fromEntries(FEED_FIELDS.map((f) => [f, mapping[f] ?? f])) as Record<FeedField, string>;
  return { columns, delimiter };
}

/** A CSV header must carry the required columns: better one clear error than every row rejected. */
export function checkHeader(columns: string[], mapping: FeedMapping): void {
  for (const field of ['supplier_sku', 'cost_price'] as const) {
    const column = mapping.columns[field];
    if (!columns.includes(column)) {
      throw new FeedError(
        `the header has no column "${column}" for ${field}; its columns are: ${columns.join(', ')}` +
          ` (set the supplier's column mapping)`,
      );
    }
  }
}

export interface ValidationSink {
  reject(rejection: Rejection): void;
  /** Called for every record read, good or bad (progress counting without another generator). */
  read?(): void;
}

const MAX_INT = 2_147_483_647;

/**
 * Checks each record and yields the good rows, in batches. A SKU seen before in the feed is
 * rejected afterwards, in SQL, over every row of the feed (rejectDuplicateSkus).
 */
export async function* validRows(
  batches: AsyncIterable<FeedRecord[]>,
  mapping: FeedMapping,
  defaultCurrency: string,
  sink: ValidationSink,
): AsyncGenerator<FeedRow[]> {
  for await (const records of batches) {
    const rows: FeedRow[] = [];
    for (const record of records) {
      sink.read?.();
      const result = record.problem ? `the row ${record.problem}` : checkRow(record, mapping, defaultCurrency);
      if (typeof result === 'string') sink.reject({ line: record.line, reason: result });
      else rows.push(result);
    }
    if (rows.length > 0) yield rows;
  }
}

/** The normalized row, or the reason it is rejected. */
export function checkRow(record: FeedRecord, mapping: FeedMapping, defaultCurrency: string): FeedRow | string {
  // A JSON feed's cell is one value: a list or an object in a column is not read as text.
  for (const [field, column] of Object.entries(mapping.columns)) {
    const value = record.value(column);
    if (typeof value === 'object' && value !== null) {
      return `${field}: a JSON ${Array.isArray(value) ? 'list' : 'object'} where one value belongs (column "${column}")`;
    }
  }
  const raw: Record<string, string> = {};
  const text = (field: FeedField): string | undefined => {
    const value = record.value(mapping.columns[field]);
    if (value === undefined || value === null) return undefined;
    const s = typeof value === 'string' ? value.trim() : String(value);
    if (s === '') return undefined;
    raw[field] = s;
    return s;
  };

  const sku = text('supplier_sku');
  if (sku === undefined) return `supplier_sku: missing (column "${mapping.columns.supplier_sku}")`;
  if (sku.length > 200) return `supplier_sku: longer than 200 characters`;
  const cost = text('cost_price');
  if (cost === undefined) return `cost_price: missing (column "${mapping.columns.cost_price}")`;
  const costPrice = decimal(cost);
  if (costPrice === undefined) {
    return `cost_price: not an amount >= 0 with at most 8 digits before and 4 after the decimal mark: "${cost}"`;
  }
  const stock = wholeNumber(text('stock_quantity'), 0, 0);
  if (typeof stock === 'string') return `stock_quantity: ${stock}`;
  const gtinText = text('gtin')?.replace(/[\s-]/g, '');
  if (gtinText !== undefined && !/^[0-9]{8,14}$/.test(gtinText)) return `gtin: not 8 to 14 digits: "${raw.gtin}"`;
  const currency = (text('currency') ?? defaultCurrency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return `currency: not a 3-letter currency code: "${raw.currency}"`;
  const leadTime = wholeNumber(text('lead_time_days'), null, 0);
  if (typeof leadTime === 'string') return `lead_time_days: ${leadTime}`;
  const moq = wholeNumber(text('min_order_quantity'), 1, 1);
  if (typeof moq === 'string') return `min_order_quantity: ${moq}`;
  const name = text('name') ?? null;

  return {
    line: record.line,
    supplierSku: sku,
    costPrice,
    stockQuantity: stock!,
    gtin: gtinText ?? null,
    name: name && name.length > 500 ? name.slice(0, 500) : name,
    currency,
    leadTimeDays: leadTime,
    minOrderQuantity: moq!,
    productSku: text('product_sku') ?? null,
    raw,
  };
}

/**
 * "12.50", "12,50", "1.234,56", "1,234.56" -> "12.50", "12.50", "1234.56", "1234.56"; by text
 * rules only, so the value the database stores is exactly the one the feed wrote.
 */
export function decimal(text: string): string | undefined {
  let s = text.replace(/\s/g, '');
  if (/^\d{1,3}(\.\d{3})+,\d+$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(s)) s = s.replace(/,/g, '');
  else s = s.replace(',', '.');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!match) return undefined;
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (whole.length > 8 || fraction.length > 4) return undefined;
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A whole number >= min, or the fallback when empty; "12.0" (a JSON float of a count) is 12. */
function wholeNumber<T extends number | null>(text: string | undefined, fallback: T, min: number): number | T | string {
  if (text === undefined) return fallback;
  const match = /^(\d+)(?:\.0+)?$/.exec(text);
  if (!match) return `not a whole number >= ${min}: "${text}"`;
  const value = Number(match[1]);
  if (value < min || value > MAX_INT) return `not a whole number between ${min} and ${MAX_INT}: "${text}"`;
  return value;
}
