/**
 * An operator marks a supplier order by hand (source operator): what the supplier said by phone,
 * in its portal or by e-mail, and how a manual supplier's order is marked submitted with the
 * supplier's reference. The change goes through the state machine like any other; a shipment goes
 * the way of every parcel (shipments.ts), stored like a webhook's. In the caller's transaction; a
 * refused change is logged and returned (applied false), for the caller to answer after the log
 * is committed.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { SyncOrderStatus } from './order-sync.js';
import { applyParcel, planParcel, type Parcel } from './shipments.js';
import { transitionSupplierOrder, type TransitionResult } from './transition.js';

export const MARKS = ['submitted', 'acknowledged', 'partially_shipped', 'shipped', 'delivered', 'cancelled'] as const;
export type Mark = (typeof MARKS)[number];

export interface MarkRequest {
  status: Mark;
  externalReference?: string | undefined;
  note?: string | undefined;
  shipment?: Omit<Parcel, 'shippedAt'> & { shippedAt?: Date | undefined };
}

export async function markSupplierOrder(
  trx: Transaction<DB>,
  supplierOrderId: number,
  mark: MarkRequest,
  actor: string,
  syncOrder: SyncOrderStatus,
): Promise<TransitionResult & { id: number }> {
  const so = await trx
    .selectFrom('supplier_orders')
    .select(['order_id'])
    .where('id', '=', supplierOrderId)
    .executeTakeFirst();
  if (!so) throw new NotFoundError(`Supplier order ${supplierOrderId} does not exist`);
  const change = {
    source: 'operator' as const,
    actor,
    reason: mark.note ?? `marked ${mark.status} by hand`,
    payload: { mark: mark as unknown as Record<string, unknown> },
    externalReference: mark.externalReference,
  };
  const shipping = mark.status === 'shipped' || mark.status === 'partially_shipped';
  let result: TransitionResult;
  if (shipping) {
    if (!mark.shipment) {
      throw InvalidInputError.field('/shipment', `is required to mark ${mark.status}: carrier and trackingNumber`);
    }
    if (mark.status === 'partially_shipped' && !mark.shipment.lines) {
      throw InvalidInputError.field('/shipment/lines', 'is required for partially_shipped: the units in this parcel');
    }
    const parcel = { ...mark.shipment, shippedAt: mark.shipment.shippedAt ?? new Date() };
    const plan = await planParcel(trx, supplierOrderId, parcel, (n, field) => `/shipment/lines/${n}/${field}`);
    if (plan.repeatOf === undefined && plan.to !== mark.status) {
      throw plan.to === 'shipped'
        ? InvalidInputError.field('/status', 'these lines ship every open unit: mark it shipped')
        : InvalidInputError.field('/shipment/lines', 'units are left to ship: mark it partially_shipped');
    }
    result = await applyParcel(trx, plan, change);
  } else {
    if (mark.shipment) throw InvalidInputError.field('/shipment', 'goes only with shipped or partially_shipped');
    result = await transitionSupplierOrder(trx, { ...change, supplierOrderId, to: mark.status });
  }
  if (result.applied) {
    await syncOrder(trx, so.order_id, { cause: `supplier order ${supplierOrderId} marked ${mark.status}`, actor });
  }
  return { id: supplierOrderId, ...result };
}
