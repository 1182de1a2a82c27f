/**
 * What order code does to own stock inside its own transaction (it passes `trx`): release the
 * units an order reserved (cancellation) and turn reserved units into a decrement of the stock
 * on hand when they ship. Reserving at placement lives with routing (src/routing/).
 *
 * Rows are updated in ascending id order, so two transactions touching the same rows lock them
 * in the same order and cannot deadlock. Each update is one conditional statement; if it matches
 * no row, the row is missing or holds fewer reserved units than asked: an InventoryStateError,
 * which the caller lets roll back the whole transaction.
 */
import { sql, type Transaction } from 'kysely';
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
  for (const item of sorted(items)) {
    const row = await trx
      .updateTable('fulfillment_inventory')
      .set({
        quantity_on_hand: sql<number>`quantity_on_hand - ${item.quantity}`,
        quantity_reserved: sql<number>`quantity_reserved - ${item.quantity}`,
      })
      .where('id', '=', item.inventoryId)
      .where('quantity_reserved', '>=', item.quantity)
      .returning(['id', 'quantity_on_hand'])
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
  }
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
