/**
 * One supplier order as the operator works it: supplier, status, reference, costs, when it must
 * ship, tracking, its lines, the actions of its status and its history.
 */
import { Link } from '@tanstack/react-router';
import { Money } from '../../components/Money';
import { safeTrackingUrl } from '../../tracking';
import { EventHistory } from './EventHistory';
import type { SupplierOrder } from './queries';
import { SupplierOrderActions } from './SupplierOrderActions';
import { isHeld } from './offer';
import { SupplierOrderStatusBadge } from './statuses';

export function SupplierOrderCard({ order }: { order: SupplierOrder }) {
  const tracking = safeTrackingUrl(order.trackingUrl);
  return (
    <article
      className="panel so-card"
      aria-label={`Supplier order ${order.id}`}
      data-testid={`supplier-order-${order.id}`}
    >
      <header className="so-card__head">
        <h3>
          Supplier order {order.id} · {order.supplierName} <span className="muted">({order.supplierCode})</span>
        </h3>
        <SupplierOrderStatusBadge status={order.status} testId="so-status" />
      </header>
      <dl className="facts">
        <dt>Customer order</dt>
        <dd>
          <Link to="/admin/orders/$number" params={{ number: order.orderNumber }}>
            {order.orderNumber}
          </Link>
        </dd>
        <dt>Reference</dt>
        <dd>
          <code>{order.idempotencyKey}</code>
        </dd>
        <dt>Sent by</dt>
        <dd>{order.method}</dd>
        <dt>Supplier's number</dt>
        <dd>{order.externalReference ?? <span className="muted">none yet</span>}</dd>
        <dt>Ship by</dt>
        <dd>{order.shipBy ? new Date(order.shipBy).toLocaleString() : <span className="muted">not set</span>}</dd>
        <dt>Cost</dt>
        <dd>
          <Money amount={order.subtotalCost} currency={order.currency} /> goods ·{' '}
          <Money amount={order.perOrderFee} currency={order.currency} /> fee ·{' '}
          <Money amount={order.shippingCost} currency={order.currency} /> shipping
        </dd>
        <dt>Attempts</dt>
        <dd>
          {order.attempts}
          {order.nextAttemptAt && (
            <span className="muted"> · next {new Date(order.nextAttemptAt).toLocaleString()}</span>
          )}
        </dd>
        {order.carrier && (
          <>
            <dt>Tracking</dt>
            <dd data-testid="so-tracking">
              {order.carrier}{' '}
              {order.trackingNumber &&
                (tracking ? (
                  <a href={tracking} target="_blank" rel="noopener noreferrer">
                    {order.trackingNumber}
                  </a>
                ) : (
                  order.trackingNumber
                ))}
            </dd>
          </>
        )}
      </dl>
      {order.lastError && (
        <p className={isHeld(order) ? 'notice' : 'error-box'}>
          <strong>{isHeld(order) ? 'Held for you: ' : 'Last problem: '}</strong>
          {order.lastError}
        </p>
      )}
      {order.method === 'manual' && order.status === 'pending' && (
        <p className="notice">
          {order.supplierName} takes orders by hand: download the purchase order, send it, then mark it submitted.
        </p>
      )}
      <table className="table table--compact" aria-label={`Lines of supplier order ${order.id}`}>
        <thead>
          <tr>
            <th scope="col">Supplier SKU</th>
            <th scope="col">Product</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Shipped
            </th>
            <th scope="col" className="num">
              Cancelled
            </th>
            <th scope="col" className="num">
              Unit cost
            </th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.supplierSku}>
              <td>
                <code>{item.supplierSku}</code>
              </td>
              <td>
                {item.name} <span className="muted">{item.sku}</span>
              </td>
              <td className="num">{item.quantity}</td>
              <td className="num">{item.quantityShipped}</td>
              <td className="num">{item.quantityCancelled}</td>
              <td className="num">
                <Money amount={item.unitCost} currency={order.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SupplierOrderActions order={order} />
      <details className="so-card__history" open>
        <summary>History</summary>
        <EventHistory id={order.id} status={order.status} />
      </details>
    </article>
  );
}
