/**
 * SQL of own stock (fulfillment_inventory) and its audit trail (inventory_adjustments). Every
 * write of quantity_on_hand is ONE conditional statement that checks the rule (never below what
 * is reserved) on the row as it is when the statement locks it, so concurrent changes can never
 * be lost or break the rule; no write here decides from a value read earlier.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, InventoryAdjustmentsTable } from '../db/types.js';
import type { Adjustment, AdjustmentReason, StockQuery, StockRow } from './types.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface ProductRef {
  id: number;
  sku: string;
  name: string;
}

/** quantity_on_hand before and after one write, and the row it hit. */
export interface OnHandWrite {
  id: number;
  before: number;
  after: number;
}

export function findProductBySku(db: Db, sku: string): Promise<ProductRef | undefined> {
  return db.selectFrom('products').select(['id', 'sku', 'name']).where('sku', '=', sku).executeTakeFirst();
}

function stockQuery(db: Db) {
  return db
    .selectFrom('fulfillment_inventory as fi')
    .innerJoin('products as p', 'p.id', 'fi.product_id')
    .innerJoin('inventory_sources as s', 's.id', 'fi.source_id')
    .select([
      'fi.id',
      'fi.source_id',
      's.code as source_code',
      'fi.product_id',
      'p.sku',
      'p.name as product_name',
      'fi.quantity_on_hand',
      'fi.quantity_reserved',
      'fi.quantity_available',
      'fi.low_stock_threshold',
      'fi.bin_location',
      'fi.updated_at',
    ]);
}

export async function listStock(db: Db, query: StockQuery): Promise<{ items: StockRow[]; total: number }> {
  const rows = await stockQuery(db)
    .select(sql<number>`count(*) over ()`.as('total'))
    .$if(query.sku !== undefined, (qb) => qb.where('p.sku', '=', query.sku!))
    .$if(query.productId !== undefined, (qb) => qb.where('fi.product_id', '=', query.productId!))
    .$if(query.sourceId !== undefined, (qb) => qb.where('fi.source_id', '=', query.sourceId!))
    // Checked on each row of the source (fulfillment_inventory_low_stock_idx): no index names the
    // quantities, so that a reservation updates its row in place (migration 020).
    .$if(query.lowStock === true, (qb) => qb.where(sql<boolean>`fi.quantity_available <= fi.low_stock_threshold`))
    .$if(query.lowStock === false, (qb) => qb.where(sql<boolean>`fi.quantity_available > fi.low_stock_threshold`))
    .orderBy('p.sku')
    .orderBy('s.code')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { items: rows.map(toStockRow), total: rows[0] ? Number(rows[0].total) : 0 };
}

export async function findStock(db: Db, id: number): Promise<StockRow | undefined> {
  const row = await stockQuery(db).where('fi.id', '=', id).executeTakeFirst();
  return row && toStockRow(row);
}

export async function findStockAt(db: Db, sourceId: number, productId: number): Promise<StockRow | undefined> {
  const row = await stockQuery(db)
    .where('fi.source_id', '=', sourceId)
    .where('fi.product_id', '=', productId)
    .executeTakeFirst();
  return row && toStockRow(row);
}

export interface SetValues {
  sourceId: number;
  productId: number;
  quantityOnHand: number;
  lowStockThreshold?: number | undefined;
  /** undefined keeps the bin location, null clears it. */
  binLocation?: string | null | undefined;
}

/**
 * The first stock count of a product at a source creates its row. Returns nothing when the row
 * exists already (then `setOnHand` updates it): the unique key decides, never an earlier read.
 */
export async function insertFirstStock(db: Db, v: SetValues): Promise<OnHandWrite | undefined> {
  const row = await db
    .insertInto('fulfillment_inventory')
    .values({
      source_id: v.sourceId,
      product_id: v.productId,
      quantity_on_hand: v.quantityOnHand,
      low_stock_threshold: v.lowStockThreshold ?? 0,
      bin_location: v.binLocation ?? null,
    })
    .onConflict((oc) => oc.columns(['source_id', 'product_id']).doNothing())
    .returning(['id', 'quantity_on_hand'])
    .executeTakeFirst();
  return row && { id: row.id, before: 0, after: row.quantity_on_hand };
}

/**
 * Sets quantity_on_hand unless that is below what is reserved. The value before comes from the
 * same statement: the subquery locks the row (FOR UPDATE waits for a concurrent writer and then
 * sees its result), so before/after describe exactly this change. No row: refused (or missing).
 */
export async function setOnHand(db: Db, v: SetValues): Promise<OnHandWrite | undefined> {
  const keepBin = v.binLocation === undefined;
  const result = await sql<OnHandWrite>`
    UPDATE fulfillment_inventory AS fi
       SET quantity_on_hand = ${v.quantityOnHand},
           low_stock_threshold = coalesce(${v.lowStockThreshold ?? null}::integer, fi.low_stock_threshold),
           bin_location = CASE WHEN ${keepBin}::boolean THEN fi.bin_location ELSE ${v.binLocation ?? null}::text END
      FROM (SELECT id, quantity_on_hand FROM fulfillment_inventory
             WHERE source_id = ${v.sourceId} AND product_id = ${v.productId}
               FOR UPDATE) AS old
     WHERE fi.id = old.id
       AND fi.quantity_reserved <= ${v.quantityOnHand}
    RETURNING fi.id, old.quantity_on_hand AS before, fi.quantity_on_hand AS after`.execute(db);
  return result.rows[0];
}

/**
 * Adds `change` (> 0) to quantity_on_hand, creating the row on the first receipt: one upsert.
 * Adding never conflicts with reservations.
 */
export async function addOnHand(db: Db, sourceId: number, productId: number, change: number): Promise<OnHandWrite> {
  const row = await db
    .insertInto('fulfillment_inventory')
    .values({ source_id: sourceId, product_id: productId, quantity_on_hand: change })
    .onConflict((oc) =>
      oc.columns(['source_id', 'product_id']).doUpdateSet({
        quantity_on_hand: sql<number>`fulfillment_inventory.quantity_on_hand + excluded.quantity_on_hand`,
      }),
    )
    .returning(['id', 'quantity_on_hand'])
    .executeTakeFirstOrThrow();
  return { id: row.id, before: row.quantity_on_hand - change, after: row.quantity_on_hand };
}

/**
 * Removes `-change` units (change < 0) unless fewer than the reserved units would remain: one
 * conditional UPDATE. No row: refused, or there is no stock row (the caller explains which).
 */
export async function removeOnHand(
  db: Db,
  sourceId: number,
  productId: number,
  change: number,
): Promise<OnHandWrite | undefined> {
  const row = await db
    .updateTable('fulfillment_inventory')
    .set({ quantity_on_hand: sql<number>`quantity_on_hand + ${change}` })
    .where('source_id', '=', sourceId)
    .where('product_id', '=', productId)
    .where(sql<boolean>`quantity_on_hand + ${change} >= quantity_reserved`)
    .returning(['id', 'quantity_on_hand'])
    .executeTakeFirst();
  return row && { id: row.id, before: row.quantity_on_hand - change, after: row.quantity_on_hand };
}

export interface AdjustmentValues {
  inventoryId: number;
  change: number;
  after: number;
  reason: AdjustmentReason;
  note: string | null;
  orderId?: number | null;
  actor: string;
}

export async function insertAdjustment(db: Db, v: AdjustmentValues): Promise<Adjustment> {
  const row = await db
    .insertInto('inventory_adjustments')
    .values({
      inventory_id: v.inventoryId,
      quantity_change: v.change,
      quantity_on_hand_after: v.after,
      reason: v.reason,
      note: v.note,
      order_id: v.orderId ?? null,
      actor: v.actor,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAdjustment(row);
}

/** The audit trail of one stock row, newest first (id breaks ties inside one transaction). */
export async function listAdjustments(db: Db, inventoryId: number, limit: number, offset = 0): Promise<Adjustment[]> {
  const rows = await db
    .selectFrom('inventory_adjustments')
    .selectAll()
    .where('inventory_id', '=', inventoryId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toAdjustment);
}

export function toAdjustment(row: Selectable<InventoryAdjustmentsTable>): Adjustment {
  return {
    id: row.id,
    inventoryId: row.inventory_id,
    quantityChange: row.quantity_change,
    quantityOnHandBefore: row.quantity_on_hand_after - row.quantity_change,
    quantityOnHandAfter: row.quantity_on_hand_after,
    reason: row.reason,
    note: row.note,
    orderId: row.order_id,
    actor: row.actor,
    createdAt: row.created_at.toISOString(),
  };
}

type StockSelect = Awaited<ReturnType<ReturnType<typeof stockQuery>['executeTakeFirstOrThrow']>>;

function toStockRow(row: StockSelect): StockRow {
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceCode: row.source_code,
    productId: row.product_id,
    sku: row.sku,
    productName: row.product_name,
    quantityOnHand: row.quantity_on_hand,
    quantityReserved: row.quantity_reserved,
    quantityAvailable: row.quantity_available,
    lowStockThreshold: row.low_stock_threshold,
    isLowStock: row.quantity_available <= row.low_stock_threshold,
    binLocation: row.bin_location,
    updatedAt: row.updated_at.toISOString(),
  };
}
