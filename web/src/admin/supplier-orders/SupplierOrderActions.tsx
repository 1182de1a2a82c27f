/**
 * What an operator can do with a supplier order in its status (statuses.tsx): send it (again),
 * mark it by hand, cancel it, re-route its lines, download its purchase order. Cancel and re-route
 * ask first. The outcome is said in the server's words; a refusal shows the server's reason.
 */
import { useState } from 'react';
import { toApiError } from '../../api';
import { ErrorBox } from '../../components/ErrorBox';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { ConfirmButton } from '../../ui/Confirm';
import { MarkForm } from './MarkForm';
import { downloadPurchaseOrder, useSupplierOrderAction, type ActionOutcome, type SupplierOrder } from './queries';
import { offerFor } from './offer';

export function SupplierOrderActions({ order }: { order: SupplierOrder }) {
  const action = useSupplierOrderAction();
  const [form, setForm] = useState<'submitted' | 'shipped' | null>(null);
  const [done, setDone] = useState<ActionOutcome | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const offer = offerFor(order);
  const toggle = (kind: 'submitted' | 'shipped') => {
    setDone(null);
    setForm(form === kind ? null : kind);
  };
  const finish = (outcome: ActionOutcome) => {
    setForm(null);
    setDone(outcome);
  };
  // Once the supplier order has moved on (a worker sent it, a file shipped it), the notice is old news.
  const notice = done && (done.status === undefined || done.status === order.status) ? done.message : null;
  const act = (kind: 'submit' | 'cancel' | 'reroute') => {
    setDone(null);
    action.mutate({ kind, id: order.id }, { onSuccess: finish });
  };
  const mark = (status: 'acknowledged' | 'delivered' | 'cancelled') => {
    setDone(null);
    action.mutate({ kind: 'mark', id: order.id, body: { status } }, { onSuccess: finish });
  };
  const download = (format: 'csv' | 'html') => {
    setDownloadError(null);
    downloadPurchaseOrder(order, format).catch(setDownloadError);
  };
  const busy = action.isPending;

  return (
    <div className="so-actions">
      <div className="actions" role="group" aria-label={`Actions on supplier order ${order.id}`}>
        {offer.submit && (
          <button
            type="button"
            className="button button--primary button--small"
            disabled={busy}
            onClick={() => act('submit')}
          >
            {offer.submit}
          </button>
        )}
        {offer.markSubmitted && (
          <button
            type="button"
            className="button button--small"
            aria-expanded={form === 'submitted'}
            onClick={() => toggle('submitted')}
          >
            Mark submitted…
          </button>
        )}
        {offer.markAcknowledged && (
          <button type="button" className="button button--small" disabled={busy} onClick={() => mark('acknowledged')}>
            Mark acknowledged
          </button>
        )}
        {offer.markShipped && (
          <button
            type="button"
            className="button button--small"
            aria-expanded={form === 'shipped'}
            onClick={() => toggle('shipped')}
          >
            Mark shipped…
          </button>
        )}
        {offer.markDelivered && (
          <button type="button" className="button button--small" disabled={busy} onClick={() => mark('delivered')}>
            Mark delivered
          </button>
        )}
        {offer.markCancelled && (
          <ConfirmButton
            title={`Supplier order ${order.id} cancelled?`}
            message={`Record that ${order.supplierName} confirmed the cancellation. Its lines can then be re-routed.`}
            confirmLabel="Mark cancelled"
            disabled={busy}
            onConfirm={() => mark('cancelled')}
          >
            Mark cancelled
          </ConfirmButton>
        )}
        {offer.cancel && (
          <ConfirmButton
            title={`Cancel supplier order ${order.id}?`}
            message={
              order.status === 'pending' || order.status === 'failed'
                ? `It has not been sent: it is cancelled at once. Its lines stay on the customer order until you re-route them or cancel the order.`
                : `${order.supplierName} has it: the supplier is asked to cancel, and it is cancelled when the supplier confirms.`
            }
            confirmLabel="Cancel supplier order"
            disabled={busy}
            onConfirm={() => act('cancel')}
          >
            Cancel
          </ConfirmButton>
        )}
        {offer.reroute && <RerouteButton order={order} />}
        <button type="button" className="button button--ghost button--small" onClick={() => download('csv')}>
          Purchase order (CSV)
        </button>
        <button type="button" className="button button--ghost button--small" onClick={() => download('html')}>
          Purchase order (printable)
        </button>
      </div>
      {form && <MarkForm order={order} kind={form} onDone={finish} />}
      <ActionFeedback pending={busy} notice={notice} error={form ? null : action.error} testId="action-result" />
      {downloadError !== null && (
        <ErrorBox error={toApiError(downloadError)} title="The purchase order could not be downloaded" />
      )}
    </div>
  );
}

/**
 * Re-routing a supplier order's lines (asks first); `sku` when it is offered on one order line,
 * whose supplier order's other lines move with it. Says what moved where, or why not.
 */
export function RerouteButton({ order, sku }: { order: SupplierOrder; sku?: string }) {
  const action = useSupplierOrderAction();
  const others = order.items.filter((i) => i.sku !== sku).length;
  return (
    <div className="reroute">
      <ConfirmButton
        title={sku ? `Re-route ${sku}?` : `Re-route supplier order ${order.id}?`}
        message={
          `The lines of supplier order ${order.id}${sku && others > 0 ? ` (${others} more besides ${sku})` : ''} go to ` +
          `their next best sources, never again to ${order.supplierName}: own stock is reserved, new supplier orders are created.`
        }
        confirmLabel="Re-route"
        className="button button--small"
        disabled={action.isPending}
        onConfirm={() => action.mutate({ kind: 'reroute', id: order.id })}
      >
        {sku ? `Re-route ${sku}` : 'Re-route'}
      </ConfirmButton>
      {action.data && (
        <p className="notice" role="status" data-testid="reroute-result">
          {action.data.message}
        </p>
      )}
      {action.isError && <ErrorBox error={toApiError(action.error)} title="Not re-routed" />}
    </div>
  );
}
