/** SQL of suppliers. Rows become API objects here; encrypted columns never leave this file raw. */
import { sql, type Kysely, type Selectable } from 'kysely';
import { containing } from '../db/like.js';
import type { DB, SuppliersTable } from '../db/types.js';
import type { AlertThresholds, ShippingCostRule, Supplier, SupplierQuery, SupplierSettings } from './types.js';

export type SupplierRow = Selectable<SuppliersTable>;

/** Values for the encrypted columns: a ciphertext, null to clear, undefined to keep. */
export interface EncryptedValues {
  api_credentials_encrypted?: string | null;
  webhook_secret_encrypted?: string | null;
}

export async function listSuppliers(
  db: Kysely<DB>,
  query: SupplierQuery,
): Promise<{ items: Supplier[]; total: number }> {
  const rows = await db
    .selectFrom('suppliers')
    .selectAll()
    .select(sql<number>`count(*) over ()`.as('total'))
    .$if(query.status !== undefined, (qb) => qb.where('status', '=', query.status!))
    .$if(query.q !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb(sql`lower(name)`, 'like', containing(query.q!.toLowerCase())),
          eb('code', '=', query.q!.toUpperCase()),
        ]),
      ),
    )
    .orderBy('name')
    .orderBy('id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { items: rows.map(toSupplier), total: rows[0] ? Number(rows[0].total) : 0 };
}

export function findSupplierRow(db: Kysely<DB>, id: number, lock = false): Promise<SupplierRow | undefined> {
  return db
    .selectFrom('suppliers')
    .selectAll()
    .where('id', '=', id)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** The id of the supplier with this code (codes are stored in capitals), if there is one. */
export async function findSupplierIdByCode(db: Kysely<DB>, code: string): Promise<number | undefined> {
  const row = await db.selectFrom('suppliers').select('id').where('code', '=', code.toUpperCase()).executeTakeFirst();
  return row?.id;
}

export async function insertSupplier(
  db: Kysely<DB>,
  settings: SupplierSettings,
  encrypted: EncryptedValues,
): Promise<Supplier> {
  const row = await db
    .insertInto('suppliers')
    .values({ ...toColumns(settings), ...encrypted })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSupplier(row);
}

export async function updateSupplier(
  db: Kysely<DB>,
  id: number,
  settings: SupplierSettings,
  encrypted: EncryptedValues,
): Promise<Supplier> {
  const row = await db
    .updateTable('suppliers')
    .set({ ...toColumns(settings), ...encrypted })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSupplier(row);
}

function toColumns(s: SupplierSettings) {
  return {
    code: s.code,
    name: s.name,
    contact_name: s.contactName,
    email: s.email,
    phone: s.phone,
    website: s.website,
    address: s.address === null ? null : JSON.stringify(s.address),
    notes: s.notes,
    status: s.status,
    order_method: s.orderMethod,
    api_endpoint: s.apiEndpoint,
    order_email: s.orderEmail,
    catalog_feed_method: s.catalogFeedMethod,
    catalog_feed_location: s.catalogFeedLocation,
    catalog_feed_format: s.catalogFeedFormat,
    catalog_column_mapping: JSON.stringify(s.catalogColumnMapping),
    catalog_sync_schedule: s.catalogSyncSchedule,
    catalog_max_age_hours: s.catalogMaxAgeHours,
    order_cutoff_time: s.orderCutoffTime,
    order_cutoff_timezone: s.orderCutoffTimezone,
    handling_days: s.handlingDays,
    minimum_order_value: s.minimumOrderValue,
    per_order_fee: s.perOrderFee,
    shipping_cost_rule: JSON.stringify(s.shippingCostRule),
    currency: s.currency,
    auto_submit: s.autoSubmit,
    live_stock_check: s.liveStockCheck,
    stock_buffer: s.stockBuffer,
    is_dropship: s.isDropship,
    alert_thresholds: JSON.stringify(s.alertThresholds),
  };
}

export function toSettings(row: SupplierRow): SupplierSettings {
  return {
    code: row.code,
    name: row.name,
    contactName: row.contact_name,
    email: row.email,
    phone: row.phone,
    website: row.website,
    address: row.address,
    notes: row.notes,
    status: row.status,
    orderMethod: row.order_method,
    apiEndpoint: row.api_endpoint,
    orderEmail: row.order_email,
    catalogFeedMethod: row.catalog_feed_method,
    catalogFeedLocation: row.catalog_feed_location,
    catalogFeedFormat: row.catalog_feed_format,
    catalogColumnMapping: row.catalog_column_mapping as Record<string, string>,
    catalogSyncSchedule: row.catalog_sync_schedule,
    catalogMaxAgeHours: row.catalog_max_age_hours,
    // time columns read as 'HH:MM:SS'; the API speaks 'HH:MM'.
    orderCutoffTime: row.order_cutoff_time === null ? null : row.order_cutoff_time.slice(0, 5),
    orderCutoffTimezone: row.order_cutoff_timezone,
    handlingDays: row.handling_days,
    minimumOrderValue: row.minimum_order_value,
    perOrderFee: row.per_order_fee,
    shippingCostRule: row.shipping_cost_rule as unknown as ShippingCostRule,
    currency: row.currency,
    autoSubmit: row.auto_submit,
    liveStockCheck: row.live_stock_check,
    stockBuffer: row.stock_buffer,
    isDropship: row.is_dropship,
    alertThresholds: row.alert_thresholds as AlertThresholds,
  };
}

export function toSupplier(row: SupplierRow): Supplier {
  return {
    id: row.id,
    ...toSettings(row),
    hasApiCredentials: row.api_credentials_encrypted !== null,
    hasWebhookSecret: row.webhook_secret_encrypted !== null,
    lastCatalogSyncAt: row.last_catalog_sync_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The supplier's catalog was imported now (suppliers.last_catalog_sync_at). */
export async function recordCatalogSync(trx: Kysely<DB>, supplierId: number): Promise<void> {
  await trx
    .updateTable('suppliers')
    .set({ last_catalog_sync_at: sql`now()` })
    .where('id', '=', supplierId)
    .execute();
}
