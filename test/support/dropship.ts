/** Test data for routing: products, own stock, suppliers with offers, and orders through the API. */
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/types.js';

export async function product(db: Kysely<DB>, sku: string, price = '20.00', cost: string | null = '8.00') {
  const row = await db
    .insertInto('products')
    .values({ sku, slug: sku.toLowerCase(), name: `Product ${sku}`, price, cost_price: cost, status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function warehouse(
  db: Kysely<DB>,
  code = 'MAIN',
  type: 'warehouse' | '3pl' = 'warehouse',
  priority = 100,
) {
  const row = await db
    .insertInto('inventory_sources')
    .values({ code, name: `Source ${code}`, type, priority })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function stock(db: Kysely<DB>, sourceId: number, productId: number, onHand: number) {
  const row = await db
    .insertInto('fulfillment_inventory')
    .values({ source_id: sourceId, product_id: productId, quantity_on_hand: onHand })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface SupplierSetup {
  fee?: string;
  shipping?: Record<string, string>;
  buffer?: number;
  status?: 'active' | 'paused';
  method?: 'api' | 'email' | 'csv_sftp' | 'csv_folder' | 'manual';
}

export async function supplier(db: Kysely<DB>, code: string, setup: SupplierSetup = {}) {
  const row = await db
    .insertInto('suppliers')
    .values({
      code,
      name: `Supplier ${code}`,
      status: setup.status ?? 'active',
      is_dropship: true,
      per_order_fee: setup.fee ?? '0',
      shipping_cost_rule: JSON.stringify(setup.shipping ?? { type: 'flat', amount: '0.00' }),
      stock_buffer: setup.buffer ?? 0,
      order_method: setup.method ?? 'email',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function offer(
  db: Kysely<DB>,
  supplierId: number,
  productId: number,
  cost: string,
  stockQuantity: number,
  extra: { sku?: string; leadDays?: number; seenHoursAgo?: number } = {},
) {
  const row = await db
    .insertInto('supplier_catalogs')
    .values({
      supplier_id: supplierId,
      product_id: productId,
      supplier_sku: extra.sku ?? `S${supplierId}-P${productId}`,
      cost_price: cost,
      stock_quantity: stockQuantity,
      lead_time_days: extra.leadDays ?? null,
      last_seen_at: sql<Date>`now() - make_interval(hours => ${extra.seenHoursAgo ?? 0})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let counter = 0;

/** Places an order through the API; returns the response. */
export function placeOrder(
  app: FastifyInstance,
  items: { sku: string; quantity: number }[],
  email?: string,
  headers: Record<string, string> = {},
) {
  counter += 1;
  return app.inject({
    method: 'POST',
    url: '/api/orders',
    headers,
    payload: {
      items,
      customer: { email: email ?? `buyer${counter}@example.com`, name: 'Test Buyer' },
      shippingAddress: { name: 'Test Buyer', line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    },
  });
}

/** On hand, reserved, and units in reserved or shipped allocations, per inventory row. */
export async function stockLedger(db: Kysely<DB>, inventoryId: number) {
  const { rows } = await sql<{ on_hand: number; reserved: number; allocated: number }>`
    SELECT fi.quantity_on_hand AS on_hand, fi.quantity_reserved AS reserved,
           coalesce((SELECT sum(quantity) FROM order_item_allocations a
                      WHERE a.fulfillment_inventory_id = fi.id AND a.status = 'reserved'), 0)::int AS allocated
      FROM fulfillment_inventory fi WHERE fi.id = ${inventoryId}`.execute(db);
  return rows[0]!;
}
