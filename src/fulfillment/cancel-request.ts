/**
 * Asking the supplier to cancel, in the transaction that makes a supplier order
 * cancel_requested: an API supplier gets the cancel call from the dispatch workers (a job
 * enqueued here, dispatch/cancel.ts); for the other order methods nothing can call the supplier,
 * so the history gets a note for the operator to tell it by hand and mark the order cancelled.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { enqueueCancel } from './dispatch/job-queue.js';
import { noteSupplierOrder } from './notes.js';

export async function askSupplierToCancel(trx: Transaction<DB>, supplierOrderId: number): Promise<void> {
  const so = await trx
    .selectFrom('supplier_orders as so')
    .innerJoin('suppliers as s', 's.id', 'so.supplier_id')
    .select(['so.method', 's.code'])
    .where('so.id', '=', supplierOrderId)
    .executeTakeFirstOrThrow();
  if (so.method === 'api') {
    await enqueueCancel(trx, supplierOrderId);
    return;
  }
  await noteSupplierOrder(trx, {
    supplierOrderId,
    kind: 'cancel_by_hand',
    source: 'system',
    reason:
      `supplier ${so.code} took this order by ${so.method}: tell it by hand that the order is cancelled, ` +
      'then mark the supplier order cancelled (or shipped, if it was too late)',
  });
}
