import type { Order } from '../api';
import { Money } from './Money';
import { Shipments } from './Shipments';

const statusLabels: Record<string, string> = {
  pending: 'Received',
  confirmed: 'Confirmed',
  processing: 'Being prepared',
  partially_shipped: 'Partially shipped',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export function statusLabel(status: string): string {
  return statusLabels[status] ?? status;
}

/** Where the order stands, in a sentence for the customer. */
const progress: Record<string, string> = {
  pending: 'We have your order and are getting it ready.',
  confirmed: 'We have your order and are getting it ready.',
  processing: 'Your order is being prepared for shipping.',
  partially_shipped: 'Part of your order is on its way; the rest follows in its own parcel.',
  shipped: 'Your order is on its way.',
  delivered: 'Delivered: every parcel of this order has arrived.',
  cancelled: 'This order was cancelled.',
};

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An order as the server returned it: lines and totals are the server's, never recomputed here. */
export function OrderDetails({ order }: { order: Order }) {
  return (
    <div className="order" data-testid="order-details">
      <div className="order__head">
        <div>
          <span className="order__label">Order number</span>
          <strong className="order__number" data-testid="order-number">
            {order.number}
          </strong>
        </div>
        <div>
          <span className="order__label">Status</span>
          <span className={`status status--${order.status}`}>{statusLabel(order.status)}</span>
        </div>
        <div>
          <span className="order__label">Placed</span>
          <span>{new Date(order.placedAt).toLocaleString()}</span>
        </div>
      </div>
      {progress[order.status] && (
        <p className={`order__progress order__progress--${order.status}`} data-testid="order-progress">
          {progress[order.status]}
        </p>
      )}
      {order.items.length > 0 && (
        <table className="table order__lines">
          <thead>
            <tr>
              <th>Item</th>
              <th className="num">Qty</th>
              <th className="num">Price</th>
              <th className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item, i) => (
              <tr key={`${item.sku}-${i}`}>
                <td>
                  {item.name}
                  <span className="muted"> · {item.sku}</span>
                </td>
                <td className="num">{item.quantity}</td>
                <td className="num">
                  <Money amount={item.unitPrice} currency={order.currency} />
                </td>
                <td className="num">
                  <Money amount={item.lineTotal} currency={order.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="totals" data-testid="order-totals">
        <dt>Subtotal</dt>
        <dd>
          <Money amount={order.subtotal} currency={order.currency} />
        </dd>
        <dt>Shipping</dt>
        <dd>
          <Money amount={order.shippingTotal} currency={order.currency} />
        </dd>
        {order.taxTotal !== '0.00' && (
          <>
            <dt>Tax</dt>
            <dd>
              <Money amount={order.taxTotal} currency={order.currency} />
            </dd>
          </>
        )}
        <dt className="totals__grand">Total</dt>
        <dd className="totals__grand" data-testid="order-total">
          <Money amount={order.total} currency={order.currency} />
        </dd>
      </dl>
      {/* An order remembered from before shipments were part of the answer has none. */}
      <Shipments shipments={order.shipments ?? []} />
      <div className="order__address">
        <span className="order__label">Shipping to</span>
        <address>
          {order.shippingAddress.name}
          <br />
          {order.shippingAddress.line1}
          {order.shippingAddress.line2 && (
            <>
              <br />
              {order.shippingAddress.line2}
            </>
          )}
          <br />
          {order.shippingAddress.postalCode} {order.shippingAddress.city}
          <br />
          {countryName(order.shippingAddress.country)}
        </address>
      </div>
    </div>
  );
}
