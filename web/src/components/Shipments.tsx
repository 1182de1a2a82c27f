import type { Order } from '../api';
import { safeTrackingUrl } from '../tracking';

type Shipment = Order['shipments'][number];

function ShipmentCard({ shipment, n }: { shipment: Shipment; n: number }) {
  const link = safeTrackingUrl(shipment.trackingUrl);
  return (
    <li className="shipment" data-testid="shipment">
      <div className="shipment__head">
        <strong>Parcel {n}</strong>
        <span className={`status status--${shipment.delivered ? 'delivered' : 'shipped'}`}>
          {shipment.delivered ? 'Delivered' : 'On its way'}
        </span>
        {shipment.shippedAt && (
          <span className="muted">shipped {new Date(shipment.shippedAt).toLocaleDateString()}</span>
        )}
      </div>
      <p className="shipment__tracking">
        {shipment.carrier ? (
          <>
            <span data-testid="shipment-carrier">{shipment.carrier}</span>
            {shipment.trackingNumber && (
              <>
                {' · tracking number '}
                {link ? (
                  <a href={link} target="_blank" rel="noopener noreferrer" data-testid="tracking-link">
                    {shipment.trackingNumber}
                  </a>
                ) : (
                  <span data-testid="tracking-number">{shipment.trackingNumber}</span>
                )}
              </>
            )}
          </>
        ) : (
          <span className="muted">Sent from our warehouse</span>
        )}
      </p>
      <ul className="shipment__items">
        {shipment.items.map((item) => (
          <li key={item.sku}>
            {item.quantity} × {item.name}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** The parcels of an order: what each carries and where to follow it. */
export function Shipments({ shipments }: { shipments: Order['shipments'] }) {
  if (shipments.length === 0) return null;
  return (
    <section className="shipments" aria-label="Shipments">
      <span className="order__label">Shipments</span>
      <ol className="shipments__list">
        {shipments.map((s, i) => (
          <ShipmentCard key={`${s.carrier ?? 'own'}-${s.trackingNumber ?? i}`} shipment={s} n={i + 1} />
        ))}
      </ol>
    </section>
  );
}
