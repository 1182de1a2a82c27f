/** Feeds, a supplier and products for the catalog import tests. */
import { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/database.js';
import type { DB } from '../../src/db/types.js';
import { importCatalog } from '../../src/catalog-import/job.js';
import type { ImportRequest } from '../../src/catalog-import/types.js';
import type { FeedFormat } from '../../src/catalog-import/types.js';

export const GERMAN_MAPPING = {
  supplier_sku: 'Art.-Nr.',
  cost_price: 'EK netto',
  stock_quantity: 'Bestand',
  gtin: 'EAN',
  name: 'Bezeichnung',
  lead_time_days: 'Lieferzeit',
};

export interface Item {
  sku: string;
  cost: string;
  stock?: number | string;
  gtin?: string;
  name?: string;
  lead?: number;
}

/** A semicolon CSV with the German column names and decimal commas, as a supplier exports it. */
export function germanCsv(items: Item[]): string {
  const lines = ['Art.-Nr.;EK netto;Bestand;EAN;Bezeichnung;Lieferzeit'];
  for (const i of items) {
    lines.push(
      [
        i.sku,
        i.cost.replace('.', ','),
        i.stock ?? 10,
        i.gtin ?? '',
        `"${i.name ?? `Item ${i.sku}`}"`,
        i.lead ?? 2,
      ].join(';'),
    );
  }
  return lines.join('\n') + '\n';
}

export async function createSupplier(
  db: Kysely<DB>,
  code: string,
  options: { mapping?: Record<string, string>; stockBuffer?: number } = {},
): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO suppliers (code, name, email, catalog_column_mapping, stock_buffer, is_dropship)
    VALUES (${code}, ${`Supplier ${code}`}, ${`${code.toLowerCase()}@example.com`},
            ${JSON.stringify(options.mapping ?? {})}::jsonb, ${options.stockBuffer ?? 0}, true)
    RETURNING id`.execute(db);
  return rows[0]!.id;
}

export async function createProduct(
  db: Kysely<DB>,
  sku: string,
  options: { gtin?: string; price?: string; status?: string } = {},
): Promise<number> {
  const slug = sku.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const { rows } = await sql<{ id: number }>`
    INSERT INTO products (sku, slug, name, gtin, price, status)
    VALUES (${sku}, ${slug}, ${`Product ${sku}`}, ${options.gtin ?? null}, ${options.price ?? '1.00'}, ${options.status ?? 'active'})
    RETURNING id`.execute(db);
  return rows[0]!.id;
}

export const GUARD = { unavailableShare: 0.5, costFactor: 2, costShare: 0.5 };

export function runImport(
  database: Database,
  code: string,
  body: string,
  options: Partial<Omit<ImportRequest, 'feed' | 'supplier'>> & { format?: FeedFormat } = {},
) {
  const { format, ...rest } = options;
  return importCatalog(database, {
    supplier: { code },
    feed: { stream: Readable.from([Buffer.from(body)]), source: 'test feed', format: format ?? 'csv' },
    mode: 'full',
    force: false,
    createDrafts: false,
    guard: GUARD,
    ...rest,
  });
}

export interface CatalogRow {
  supplier_sku: string;
  cost_price: string;
  stock_quantity: number;
  gtin: string | null;
  is_available: boolean;
  product_id: number | null;
  updated_at: Date;
  content_hash: string | null;
}

export async function catalogRows(db: Kysely<DB>, supplierId: number): Promise<Map<string, CatalogRow>> {
  const rows = await db
    .selectFrom('supplier_catalogs')
    .select([
      'supplier_sku',
      'cost_price',
      'stock_quantity',
      'gtin',
      'is_available',
      'product_id',
      'updated_at',
      'content_hash',
    ])
    .where('supplier_id', '=', supplierId)
    .orderBy('supplier_sku')
    .execute();
  return new Map(rows.map((r) => [r.supplier_sku, r]));
}

export function items(n: number, prefix = 'A', cost = '12.50'): Item[] {
  return Array.from({ length: n }, (_, i) => ({ sku: `${prefix}${String(i + 1).padStart(3, '0')}`, cost }));
}
