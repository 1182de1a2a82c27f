/**
 * SQL of the import reports (catalog_imports), the supplier an import is for, and the catalog
 * items as the operator lists them.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { containing } from '../db/like.js';
import type { CatalogImportsTable, DB } from '../db/types.js';
import {
  STORED_REJECTIONS,
  type CatalogImportDetail,
  type CatalogImportSummary,
  type CatalogItem,
  type FeedFormat,
  type ImportMode,
  type ImportReport,
  type ImportStatus,
  type Rejection,
} from './types.js';

export interface ImportSupplier {
  id: number;
  code: string;
  status: string;
  currency: string;
  stockBuffer: number;
  /** Routing ignores offers older than this; last_seen_at is kept within half of it. */
  maxAgeHours: number;
  feedFormat: FeedFormat;
  mapping: Record<string, unknown>;
}

/** By code (case-insensitive, stored in capitals) or by id. */
export async function findSupplier(db: Kysely<DB>, ref: { code: string } | { id: number }) {
  const row = await db
    .selectFrom('suppliers')
    .select([
      'id',
      'code',
      'status',
      'currency',
      'stock_buffer',
      'catalog_max_age_hours',
      'catalog_feed_format',
      'catalog_column_mapping',
    ])
    .$if('code' in ref, (qb) => qb.where('code', '=', 'code' in ref ? ref.code.toUpperCase() : ''))
    .$if('id' in ref, (qb) => qb.where('id', '=', 'id' in ref ? ref.id : 0))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    currency: row.currency,
    stockBuffer: row.stock_buffer,
    maxAgeHours: row.catalog_max_age_hours,
    feedFormat: row.catalog_feed_format,
    mapping: row.catalog_column_mapping,
  } satisfies ImportSupplier;
}

/**
 * A running import holds this session-level advisory lock (namespace, import id) on its own
 * connection until it ends; a process that dies lets go of it with its connection.
 */
export const RUNNING_IMPORT_LOCK = 7302;

export async function insertImport(
  db: Kysely<DB>,
  values: { supplierId: number; source: string; format: FeedFormat; mode: ImportMode; forced: boolean },
): Promise<number> {
  const row = await db
    .insertInto('catalog_imports')
    .values({
      supplier_id: values.supplierId,
      source: values.source.slice(0, 2000),
      format: values.format,
      mode: values.mode,
      forced: values.forced,
    })
    // The running import's lock (RUNNING_IMPORT_LOCK) is taken as its row is written, on the
    // import's connection: no moment where the row says running and nobody holds it.
    .returning(['id', sql<string>`pg_advisory_lock(${sql.lit(RUNNING_IMPORT_LOCK)}, id::int)::text`.as('held')])
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function releaseRunningImport(db: Kysely<DB>, importId: number): Promise<void> {
  await sql`SELECT pg_advisory_unlock(${sql.lit(RUNNING_IMPORT_LOCK)}, ${importId}::int)`.execute(db);
}

/**
 * Imports still 'running' whose lock nobody holds were cut off by a process that stopped (a
 * crash, a kill): marked failed, saying so. Runs at start; an import under way in another
 * process keeps its lock and its status. One statement, in the caller's transaction.
 */
export async function markInterruptedImports(trx: Kysely<DB>): Promise<number> {
  const result = await sql`
    UPDATE catalog_imports
       SET status = 'failed', finished_at = now(),
           message = 'interrupted: the process running it stopped before it finished; nothing of it was applied'
     WHERE status = 'running' AND pg_try_advisory_xact_lock(${sql.lit(RUNNING_IMPORT_LOCK)}, id::int)`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Writes the report into the import's row; status completed, refused or failed. */
export async function finishImport(db: Kysely<DB>, report: ImportReport): Promise<void> {
  await db
    .updateTable('catalog_imports')
    .set({
      status: report.status,
      rows_read: report.rowsRead,
      inserted: report.inserted,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: report.rejected,
      marked_unavailable: report.markedUnavailable,
      products_repriced: report.repriced,
      rejections: JSON.stringify(report.rejections.slice(0, STORED_REJECTIONS)),
      message: report.message,
      finished_at: sql`now()`,
    })
    .where('id', '=', report.importId)
    .execute();
}

export interface ImportFilter {
  supplierId?: number | undefined;
  status?: ImportStatus | undefined;
}

/** Imports newest first, of every supplier or one. */
export async function listImports(
  db: Kysely<DB>,
  filter: ImportFilter,
  page: { limit: number; offset: number },
): Promise<{ items: CatalogImportSummary[]; total: number }> {
  const rows = await importRows(db)
    .select(sql<number>`count(*) over ()`.as('total'))
    .$if(filter.supplierId !== undefined, (qb) => qb.where('ci.supplier_id', '=', filter.supplierId!))
    .$if(filter.status !== undefined, (qb) => qb.where('ci.status', '=', filter.status!))
    .orderBy('ci.started_at', 'desc')
    .orderBy('ci.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { items: rows.map(toSummary), total: rows[0] ? Number(rows[0].total) : 0 };
}

/** One import with the rejections it stored. */
export async function getImport(db: Kysely<DB>, id: number): Promise<CatalogImportDetail | undefined> {
  const row = await importRows(db).select('ci.rejections').where('ci.id', '=', id).executeTakeFirst();
  return row ? { ...toSummary(row), rejections: row.rejections as Rejection[] } : undefined;
}

function importRows(db: Kysely<DB>) {
  return db
    .selectFrom('catalog_imports as ci')
    .innerJoin('suppliers as s', 's.id', 'ci.supplier_id')
    .select([
      'ci.id',
      'ci.supplier_id',
      's.code as supplier_code',
      'ci.source',
      'ci.format',
      'ci.mode',
      'ci.status',
      'ci.forced',
      'ci.rows_read',
      'ci.inserted',
      'ci.updated',
      'ci.unchanged',
      'ci.rejected',
      'ci.marked_unavailable',
      'ci.products_repriced',
      'ci.message',
      'ci.started_at',
      'ci.finished_at',
    ]);
}

type ImportRow = Omit<Selectable<CatalogImportsTable>, 'rejections'> & { supplier_code: string };

function toSummary(row: ImportRow): CatalogImportSummary {
  return {
    id: row.id,
    supplierId: row.supplier_id,
    supplierCode: row.supplier_code,
    source: row.source,
    format: row.format,
    mode: row.mode,
    status: row.status,
    forced: row.forced,
    rowsRead: row.rows_read,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    rejected: row.rejected,
    markedUnavailable: row.marked_unavailable,
    productsRepriced: row.products_repriced,
    message: row.message,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

export interface ItemQuery {
  unlinked?: boolean | undefined;
  available?: boolean | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listItems(
  db: Kysely<DB>,
  supplierId: number,
  query: ItemQuery,
): Promise<{ items: CatalogItem[]; total: number }> {
  const rows = await db
    .selectFrom('supplier_catalogs as sc')
    .leftJoin('products as p', 'p.id', 'sc.product_id')
    .select([
      'sc.id',
      'sc.supplier_sku',
      'sc.product_id',
      'p.sku as product_sku',
      'sc.gtin',
      'sc.name',
      'sc.cost_price',
      'sc.currency',
      'sc.stock_quantity',
      'sc.lead_time_days',
      'sc.is_available',
      'sc.last_seen_at',
    ])
    .select(sql<number>`count(*) over ()`.as('total'))
    .where('sc.supplier_id', '=', supplierId)
    .$if(query.unlinked === true, (qb) => qb.where('sc.product_id', 'is', null))
    .$if(query.unlinked === false, (qb) => qb.where('sc.product_id', 'is not', null))
    .$if(query.available !== undefined, (qb) => qb.where('sc.is_available', '=', query.available!))
    .$if(query.q !== undefined, (qb) => {
      const pattern = containing(query.q!);
      return qb.where((eb) =>
        eb.or([
          eb('sc.supplier_sku', 'ilike', pattern),
          eb('sc.name', 'ilike', pattern),
          eb('sc.gtin', 'like', pattern),
        ]),
      );
    })
    .orderBy('sc.supplier_sku')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    total: rows[0] ? Number(rows[0].total) : 0,
    items: rows.map((r) => ({
      id: r.id,
      supplierSku: r.supplier_sku,
      productId: r.product_id,
      productSku: r.product_sku,
      gtin: r.gtin,
      name: r.name,
      costPrice: r.cost_price,
      currency: r.currency,
      stockQuantity: r.stock_quantity,
      leadTimeDays: r.lead_time_days,
      isAvailable: r.is_available,
      lastSeenAt: r.last_seen_at.toISOString(),
    })),
  };
}

/** Links one item to a product by SKU; returns the products whose offers changed (old and new). */
export async function linkItem(
  db: Kysely<DB>,
  supplierId: number,
  supplierSku: string,
  productId: number,
): Promise<{ found: boolean; productIds: number[] }> {
  const { rows } = await sql<{ old_product_id: string | null }>`
    UPDATE supplier_catalogs sc SET product_id = ${productId}
      FROM supplier_catalogs old
     WHERE old.id = sc.id AND sc.supplier_id = ${supplierId} AND sc.supplier_sku = ${supplierSku}
    RETURNING old.product_id::text AS old_product_id`.execute(db);
  if (rows.length === 0) return { found: false, productIds: [] };
  const old = rows[0]!.old_product_id;
  return {
    found: true,
    productIds: old !== null && Number(old) !== productId ? [Number(old), productId] : [productId],
  };
}
