/** A placed order whose one line went to a supplier: the supplier order to send, track and cancel. */
import type { TestApp } from './app.js';
import { offer, placeOrder, product, supplier, type SupplierSetup } from './dropship.js';

let sequence = 0;

export interface PlacedSupplierOrder {
  orderNumber: string;
  supplierId: number;
  supplierOrderId: number;
  reference: string;
}

/** Products only `code` offers (created when new), one per quantity, ordered through the API: one supplier order. */
export async function placeSupplierOrder(
  t: TestApp,
  code = 'SUP',
  setup: SupplierSetup = {},
  quantity: number | number[] = 2,
  headers: Record<string, string> = {},
): Promise<PlacedSupplierOrder> {
  const db = t.database.db;
  const existing = await db.selectFrom('suppliers').select('id').where('code', '=', code).executeTakeFirst();
  const supplierId = existing?.id ?? (await supplier(db, code, setup));
  const items = [];
  for (const q of [quantity].flat()) {
    sequence += 1;
    const sku = `DS${sequence}`;
    await offer(db, supplierId, await product(db, sku), '12.34', 100, { sku: `${code}-${sku}` });
    items.push({ sku, quantity: q });
  }
  const res = await placeOrder(t.app, items, undefined, headers);
  if (res.statusCode !== 201) throw new Error(`order refused: ${res.body}`);
  const orderNumber = res.json().number as string;
  const row = await db
    .selectFrom('supplier_orders as so')
    .innerJoin('orders as o', 'o.id', 'so.order_id')
    .select(['so.id', 'so.idempotency_key'])
    .where('o.order_number', '=', orderNumber)
    .executeTakeFirstOrThrow();
  return { orderNumber, supplierId, supplierOrderId: row.id, reference: row.idempotency_key };
}
