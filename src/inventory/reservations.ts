/**
 * Reservations of own stock, in the caller's transaction: reserve units for an order (all of
 * them or none), release them (cancellation), and turn reserved units into a decrement of the
 * stock on hand when they ship.
 *
 * Rows are updated in ascending id order, so two transactions touching the same rows lock them
 * in the same order and cannot deadlock. Each update is one conditional statement; if it matches
 * no row, the row is missing or holds fewer reserved units than asked: an InventoryStateError,
 * which the caller lets roll back the whole transaction.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { repriceProducts } from '../catalog/prices.js';
import type { DB } from '../db/types.js';
import { ConflictError, InvalidInputError } from '../errors.js';
import { insertAdjustment } from './stock-repository.js';
import type { Adjustment } from './types.js';

export interface StockAllocation {
  inventoryId: number;
  quantity: number;
}

export interface ShipItem extends StockAllocation {
  orderId: number;
}

/** The stock row does not hold what the order thinks it holds: a bug or a concurrent change. */
export class InventoryStateError extends ConflictError {}

/**
 * Reserves every allocation or none: one conditional UPDATE per row that succeeds only while
 * enough units are unreserved, re-checked under the row lock, so no unit is ever sold twice.
 * When one fails (another order took the units first), the ones before it are undone through a
 * savepoint and false is returned: the caller plans again from fresh figures.
 */
export async function reserveStock(trx: Transaction<DB>, allocations: StockAllocation[]): Promise<boolean> {
  const rows = merged(allocations);
  if (rows.length === 0) return true;
  const undo = rows.length > 1;
  if (undo) await sql`SAVEPOINT stock_reservation`.execute(trx);
  for (const { inventoryId, quantity } of rows) {
    const reserved = await sql`
      UPDATE fulfillment_inventory SET quantity_reserved = quantity_reserved + ${quantity}
       WHERE id = ${inventoryId} AND quantity_on_hand - quantity_reserved >= ${quantity}`.execute(trx);
    if (Number(reserved.numAffectedRows ?? 0n) !== 1) {
      if (undo) await sql`ROLLBACK TO SAVEPOINT stock_reservation`.execute(trx);
      return false;
    }
  }
  if (undo) await sql`RELEASE SAVEPOINT stock_reservation`.execute(trx);
  return true;
}

/**
 * The same all-or-nothing reservation as common table expressions, for a caller that writes a
 * whole order in one statement (orders/ composes them): `stock_locked` locks the rows in id order
 * (FOR UPDATE returns each row as it is once locked), `stock_ok(ok)` says whether every row still
 * has the units, and `stock_reserved` adds them only when all do. The caller gates every other
 * write of the statement on `stock_ok` (reservationGate), so a reservation that falls short writes
 * nothing at all and the caller plans again from fresh figures. No allocations: ok is true.
 */
export function reservationCtes(allocations: StockAllocation[]): RawBuilder<unknown> {
  const rows = merged(allocations);
  if (rows.length === 0) return sql`stock_ok AS (SELECT true AS ok)`;
  // Arrays (not JSON): the planner sees how many rows there are and looks each one up by its key.
  const ids = rows.map((r) => r.inventoryId);
  const quantities = rows.map((r) => r.quantity);
  return sql`stock_wanted AS (
      SELECT * FROM unnest(${ids}::bigint[], ${quantities}::integer[]) AS w(inventory_id, quantity)
    ),
    stock_locked AS (
      SELECT fi.id, fi.quantity_on_hand - fi.quantity_reserved >= w.quantity AS enough
        FROM fulfillment_inventory fi JOIN stock_wanted w ON w.inventory_id = fi.id
       WHERE fi.id = ANY(${ids}::bigint[])
       ORDER BY fi.id
         FOR UPDATE OF fi
    ),
    stock_ok AS (
      SELECT count(*) FILTER (WHERE enough) = ${rows.length}::integer AS ok FROM stock_locked
    ),
    stock_reserved AS (
      UPDATE fulfillment_inventory fi SET quantity_reserved = fi.quantity_reserved + w.quantity
        FROM stock_wanted w
       WHERE fi.id = w.inventory_id AND fi.id = ANY(${ids}::bigint[]) AND (SELECT ok FROM stock_ok)
      RETURNING fi.id
    )`;
}

/** True when the reservation of reservationCtes took every unit: the condition of every other write. */
export const reservationGate = sql<boolean>`(SELECT ok FROM stock_ok)`;

/** quantity_reserved -= quantity for each row. */
export async function releaseReservations(trx: Transaction<DB>, allocations: StockAllocation[]): Promise<void> {
  for (const { inventoryId, quantity } of merged(allocations)) {
    const row = await trx
      .updateTable('fulfillment_inventory')
      .set({ quantity_reserved: sql<number>`quantity_reserved - ${quantity}` })
      .where('id', '=', inventoryId)
      .where('quantity_reserved', '>=', quantity)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw await stateError(trx, inventoryId, `release ${quantity} reserved units`);
  }
}

/**
 * Ships reserved units: on hand and reserved both drop by the quantity in one conditional UPDATE
 * per row, and a 'shipped' adjustment names the order. Returns the adjustments in row order.
 */
export async function shipFromStock(trx: Transaction<DB>, items: ShipItem[], actor: string): Promise<Adjustment[]> {
  const adjustments: Adjustment[] = [];
  const soldOut: number[] = [];
  for (const item of sorted(items)) {
    const row = await trx
      .updateTable('fulfillment_inventory')
      .set({
        quantity_on_hand: sql<number>`quantity_on_hand - ${item.quantity}`,
        quantity_reserved: sql<number>`quantity_reserved - ${item.quantity}`,
      })
      .where('id', '=', item.inventoryId)
      .where('quantity_reserved', '>=', item.quantity)
      .returning(['id', 'quantity_on_hand', 'product_id'])
      .executeTakeFirst();
    if (!row) {
      throw await stateError(trx, item.inventoryId, `ship ${item.quantity} reserved units for order ${item.orderId}`);
    }
    adjustments.push(
      await insertAdjustment(trx, {
        inventoryId: row.id,
        change: -item.quantity,
        after: row.quantity_on_hand,
        reason: 'shipped',
        note: null,
        orderId: item.orderId,
        actor,
      }),
    );
    if (row.quantity_on_hand === 0) soldOut.push(row.product_id);
  }
  // Shipped out to zero: the own cost may no longer be the cost basis.
  await repriceProducts(trx, { reason: 'own stock shipped out to zero', productIds: soldOut });
  return adjustments;
}

function sorted<T extends StockAllocation>(items: T[]): T[] {
  for (const item of items) {
    if (!Number.isSafeInteger(item.inventoryId) || item.inventoryId < 1) {
      throw new InvalidInputError(`inventoryId must be a positive whole number, got ${item.inventoryId}`);
    }
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new InvalidInputError(`quantity must be a whole number of units above 0, got ${item.quantity}`);
    }
  }
  return [...items].sort((a, b) => a.inventoryId - b.inventoryId);
}

/** One update per row: the quantities of allocations on the same row are summed. */
function merged(allocations: StockAllocation[]): StockAllocation[] {
  const out: StockAllocation[] = [];
  for (const a of sorted(allocations)) {
    const last = out[out.length - 1];
    if (last && last.inventoryId === a.inventoryId) last.quantity += a.quantity;
    else out.push({ inventoryId: a.inventoryId, quantity: a.quantity });
  }
  return out;
}

async function stateError(trx: Transaction<DB>, inventoryId: number, what: string): Promise<InventoryStateError> {
  const row = await trx
    .selectFrom('fulfillment_inventory')
    .select(['quantity_on_hand', 'quantity_reserved'])
    .where('id', '=', inventoryId)
    .executeTakeFirst();
  if (!row) return new InventoryStateError(`cannot ${what} on stock row ${inventoryId}: it does not exist`);
  return new InventoryStateError(
    `cannot ${what} on stock row ${inventoryId}: only ${row.quantity_reserved} units are reserved ` +
      `(${row.quantity_on_hand} on hand)`,
  );
}
