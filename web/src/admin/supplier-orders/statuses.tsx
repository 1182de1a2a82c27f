/**
 * Supplier order statuses in the operator's words, and which actions the console offers in each.
 * The offer follows the state machine's table (src/fulfillment/status.ts); the server still decides,
 * and a change it refuses comes back as its own explanation.
 */
import type { SupplierOrder, SupplierOrderStatus } from './queries';

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

const LABELS: Record<SupplierOrderStatus, string> = {
  pending: 'Pending',
  submitted: 'Submitted',
  acknowledged: 'Acknowledged',
  partially_shipped: 'Partially shipped',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancel_requested: 'Cancel requested',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
  failed: 'Failed',
};

export function supplierOrderStatusLabel(status: SupplierOrderStatus): string {
  return LABELS[status];
}

export function SupplierOrderStatusBadge({ status }: { status: SupplierOrderStatus }) {
  return <span className={`status status--${status}`}>{LABELS[status]}</span>;
}

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
