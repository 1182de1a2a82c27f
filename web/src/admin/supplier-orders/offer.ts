/**
 * Which actions the console offers for a supplier order in each status. The offer follows the
 * state machine's table (src/fulfillment/status.ts, test/web/supplier-order-offer.test.ts keeps
 * them in step); the server still decides, and a change it refuses comes back as its explanation.
 */
import type { SupplierOrder, SupplierOrderStatus } from './types.js';

/** In the order a supplier order goes through them. */
export const SUPPLIER_ORDER_STATUSES = [
  'pending',
  'submitted',
  'acknowledged',
  'partially_shipped',
  'shipped',
  'delivered',
  'cancel_requested',
  'cancelled',
  'rejected',
  'failed',
] as const satisfies readonly SupplierOrderStatus[];

/**
 * Held by the live re-check: pending, not due, with the reason it was not sent. Sending it again
 * (or re-routing it) is the operator's call.
 */
export function isHeld(order: SupplierOrder): boolean {
  return order.status === 'pending' && order.nextAttemptAt === null && order.lastError !== null;
}

export interface Offer {
  /** Send now: a pending one for the first time, a failed or held one again. */
  submit: 'Submit' | 'Resend' | null;
  markSubmitted: boolean;
  markAcknowledged: boolean;
  markShipped: boolean;
  markDelivered: boolean;
  /** The supplier confirmed a requested cancellation. */
  markCancelled: boolean;
  cancel: boolean;
  reroute: boolean;
}

export function offerFor(order: SupplierOrder): Offer {
  const s = order.status;
  const again = s === 'failed' || isHeld(order) || (s === 'pending' && order.attempts > 0);
  return {
    submit: s === 'pending' || s === 'failed' ? (again ? 'Resend' : 'Submit') : null,
    markSubmitted: s === 'pending',
    markAcknowledged: s === 'pending' || s === 'submitted',
    markShipped: s === 'submitted' || s === 'acknowledged' || s === 'partially_shipped' || s === 'cancel_requested',
    markDelivered: s === 'shipped',
    markCancelled: s === 'cancel_requested',
    cancel: s === 'pending' || s === 'failed' || s === 'submitted' || s === 'acknowledged',
    reroute: s === 'rejected' || s === 'failed' || s === 'cancelled' || isHeld(order),
  };
}
