/** Rows the inventory tests start from, written straight into the tables. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/types.js';

export async function product(db: Kysely<DB>, sku: string): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    insert into products (sku, slug, name, price, cost_price, status)
    values (${sku}, ${sku.toLowerCase()}, ${`Product ${sku}`}, 10, 5, 'active') returning id`.execute(db);
  return rows[0]!.id;
}

export async function source(
  db: Kysely<DB>,
  code: string,
  type: 'warehouse' | '3pl' | 'supplier' = 'warehouse',
  supplierId: number | null = null,
): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    insert into inventory_sources (type, code, name, supplier_id)
    values (${type}, ${code}, ${`Source ${code}`}, ${supplierId}) returning id`.execute(db);
  return rows[0]!.id;
}

export async function supplier(db: Kysely<DB>, code: string): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    insert into suppliers (code, name) values (${code}, ${`Supplier ${code}`}) returning id`.execute(db);
  return rows[0]!.id;
}

/** A stock row with units already reserved (as order placement would leave it). */
export async function stockRow(
  db: Kysely<DB>,
  sourceId: number,
  productId: number,
  onHand: number,
  reserved = 0,
): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    insert into fulfillment_inventory (source_id, product_id, quantity_on_hand, quantity_reserved)
    values (${sourceId}, ${productId}, ${onHand}, ${reserved}) returning id`.execute(db);
  return rows[0]!.id;
}

export async function quantities(db: Kysely<DB>, id: number) {
  const { rows } = await sql<{ on_hand: number; reserved: number }>`
    select quantity_on_hand as on_hand, quantity_reserved as reserved from fulfillment_inventory where id = ${id}`.execute(
    db,
  );
  return rows[0];
}

export async function adjustments(db: Kysely<DB>, inventoryId: number) {
  const { rows } = await sql<{
    quantity_change: number;
    quantity_on_hand_after: number;
    reason: string;
    note: string | null;
    actor: string;
    order_id: number | null;
  }>`select quantity_change, quantity_on_hand_after, reason, note, actor, order_id
       from inventory_adjustments where inventory_id = ${inventoryId} order by id`.execute(db);
  return rows;
}
