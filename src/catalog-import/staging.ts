/**
 * The staging table a feed is COPYed into before the one set-based upsert. Temporary and
 * dropped at commit: it lives only inside the import's transaction, on its own connection.
 * Rows travel in COPY's text format (tab-separated, \N for NULL, backslash escapes).
 */
import { sql, type Kysely } from 'kysely';
import type { Session } from '../db/session.js';
import type { DB } from '../db/types.js';
import type { FeedRow } from './types.js';

export const STAGING = 'catalog_import_staging';

export async function createStaging(trx: Kysely<DB>): Promise<void> {
  // Nullable: the SQL rules (csv-sql.ts) write a rejected row with its reason, then take it out.
  await sql`
    CREATE TEMPORARY TABLE ${sql.table(STAGING)} (
      line               integer NOT NULL,
      supplier_sku       text,
      cost_price         numeric(12, 4),
      stock_quantity     integer,
      gtin               text,
      name               text,
      currency           char(3),
      lead_time_days     integer,
      min_order_quantity integer,
      product_sku        text,
      -- text, not jsonb: parsed only for the rows the upsert writes, not for unchanged ones
      raw                text,
      -- the SQL rules' rows: the mapped fields as received, in FEED_FIELDS order (raw is built from
      -- them by the upsert, for the rows it writes)
      raw_fields         text[],
      reason             text
    ) ON COMMIT DROP`.execute(trx);
}

/** Streams the rows into the staging table; returns how many arrived. */
export function copyIntoStaging(session: Session, rows: AsyncIterable<FeedRow[]>): Promise<number> {
  return session.copyFrom(
    `COPY ${STAGING} (line, supplier_sku, cost_price, stock_quantity, gtin, name, currency, ` +
      `lead_time_days, min_order_quantity, product_sku, raw) FROM STDIN`,
    copyText(rows),
  );
}

/** Batches rows into COPY text chunks of about 64 KB: fewer, larger writes. */
async function* copyText(batches: AsyncIterable<FeedRow[]>): AsyncGenerator<string> {
  let text = '';
  for await (const rows of batches) {
    for (const row of rows) text += copyLine(row);
    if (text.length >= 65_536) {
      yield text;
      text = '';
    }
  }
  if (text) yield text;
}

export function copyLine(r: FeedRow): string {
  // One template string per row: the hot loop of a large feed.
  return (
    `${r.line}\t${field(r.supplierSku)}\t${r.costPrice}\t${r.stockQuantity}\t${field(r.gtin)}\t` +
    `${field(r.name)}\t${r.currency}\t${r.leadTimeDays ?? '\\N'}\t${r.minOrderQuantity}\t` +
    `${field(r.productSku)}\t${field(JSON.stringify(r.raw))}\n`
  );
}

function field(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, escape) : value;
}

function escape(ch: string): string {
  return ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r';
}
