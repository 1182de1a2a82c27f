/** Supplier order statuses in the operator's words, and as a badge. */
import type { SupplierOrderStatus } from './types';

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

/**
 * A status as an API answers it in plain text: performance reads supplier orders without
 * declaring their statuses.
 */
export function isSupplierOrderStatus(text: string): text is SupplierOrderStatus {
  return Object.hasOwn(LABELS, text);
}

export function supplierOrderStatusLabel(status: SupplierOrderStatus): string {
  return LABELS[status];
}

export function SupplierOrderStatusBadge({ status, testId }: { status: SupplierOrderStatus; testId?: string }) {
  return (
    <span className={`status status--${status}`} data-testid={testId}>
      {LABELS[status]}
    </span>
  );
}
