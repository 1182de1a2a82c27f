/**
 * The life of a supplier order: the one table of allowed status changes. Every path that changes
 * a supplier order's status (dispatch, webhooks, tracking files, operators, order cancellation)
 * goes through transitionSupplierOrder (transition.ts), which consults this table.
 *
 *   pending -> submitted -> acknowledged -> partially_shipped -> shipped -> delivered
 *   a supplier may reject it (rejected), dispatch may give up (failed), and cancelling asks the
 *   supplier first once it has the order (cancel_requested -> cancelled, or it shipped anyway).
 */
import type { SupplierOrderStatus } from '../db/types.js';
import { ConflictError } from '../errors.js';

export const TRANSITIONS: Readonly<Record<SupplierOrderStatus, readonly SupplierOrderStatus[]>> = {
  // Not sent yet (as far as the shop knows): dispatch submits it, the supplier confirms or refuses it
  // (its answer can overtake the dispatch's commit), dispatch gives up, or it is cancelled.
  pending: ['submitted', 'acknowledged', 'rejected', 'failed', 'cancelled'],
  // The supplier has it: it confirms, refuses, ships (possibly without confirming), or cancels it itself.
  submitted: ['acknowledged', 'rejected', 'partially_shipped', 'shipped', 'cancel_requested', 'cancelled'],
  acknowledged: ['partially_shipped', 'shipped', 'cancel_requested', 'cancelled'],
  // Another parcel of a partial shipment keeps it partially shipped.
  partially_shipped: ['partially_shipped', 'shipped'],
  shipped: ['delivered'],
  // Waiting for the supplier to confirm the cancellation; it may have shipped already.
  cancel_requested: ['cancelled', 'partially_shipped', 'shipped'],
  // Dispatch gave up: an operator sends it again (back to pending) or cancels it.
  failed: ['pending', 'cancelled'],
  delivered: [],
  rejected: [],
  cancelled: [],
};

export function canTransition(from: SupplierOrderStatus, to: SupplierOrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why a change is refused, in words an operator reads in the supplier order's history. */
export function refusal(from: SupplierOrderStatus, to: SupplierOrderStatus): string {
  const allowed = TRANSITIONS[from];
  return (
    `a ${from} supplier order cannot become ${to}` +
    (allowed.length === 0 ? ` (${from} is final)` : ` (from ${from} only: ${allowed.join(', ')})`)
  );
}

/** A change the table refuses, when the caller asked for it directly (an operator's mark): a 409. */
export class SupplierOrderStatusError extends ConflictError {
  override readonly code = 'supplier_order_status';
}
