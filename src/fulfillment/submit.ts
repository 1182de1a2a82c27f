/**
 * An operator sends a supplier order now: a pending one gets a dispatch job due at once; a
 * failed one goes back to pending through the state machine first (its attempts start again).
 * In the caller's transaction, so the change and its job commit together.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { enqueueDispatch } from './dispatch/job-queue.js';
import { transitionSupplierOrder } from './transition.js';

export async function submitNow(
  trx: Transaction<DB>,
  supplierOrderId: number,
  actor: string,
): Promise<{ id: number; status: 'pending'; jobId: string }> {
  const so = await trx
    .selectFrom('supplier_orders')
    .select([
      'status',
      (eb) =>
        eb.selectFrom('orders').select('is_test').whereRef('orders.id', '=', 'supplier_orders.order_id').as('is_test'),
    ])
    .where('id', '=', supplierOrderId)
    .forUpdate()
    .executeTakeFirst();
  if (!so) throw new NotFoundError(`Supplier order ${supplierOrderId} does not exist`);
  if (so.is_test) {
    throw new ConflictError(
      `Supplier order ${supplierOrderId} belongs to a test order: it is never sent to the supplier`,
    );
  }
  if (so.status === 'failed') {
    await transitionSupplierOrder(trx, {
      supplierOrderId,
      to: 'pending',
      source: 'operator',
      actor,
      reason: 'sent again by an operator',
    });
    await trx.updateTable('supplier_orders').set({ attempts: 0 }).where('id', '=', supplierOrderId).execute();
  } else if (so.status !== 'pending') {
    throw new ConflictError(
      `Supplier order ${supplierOrderId} is ${so.status}: only a pending or failed one can be sent`,
    );
  } else {
    await trx
      .updateTable('supplier_orders')
      .set({ next_attempt_at: new Date() })
      .where('id', '=', supplierOrderId)
      .execute();
  }
  return { id: supplierOrderId, status: 'pending', jobId: await enqueueDispatch(trx, supplierOrderId) };
}
