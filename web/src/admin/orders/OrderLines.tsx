/**
 * The order's lines, each with where its units come from (its allocations: own stock reserved or
 * shipped, ordered from a supplier, re-routed away) and the routing decision that chose them. A
 * re-routed line shows its current decision first and the earlier ones folded below it; units no
 * source holds any more are said plainly, and so is what the line earns. A line whose supplier order will not fill it (rejected,
 * failed, cancelled, held) can be re-routed from here: the supplier order's lines move together.
 */
import { Link } from '@tanstack/react-router';
import { Money } from '../../components/Money';
import type { SupplierOrder } from '../supplier-orders/queries';
import { RerouteButton } from '../supplier-orders/SupplierOrderActions';
import { offerFor } from '../supplier-orders/offer';
import type { Allocation, LineProfit, StaffOrder } from './order-queries';
import { LineProfitView } from './Profit';
import { RoutingDecision } from './RoutingDecision';

/** Allocations that still hold units for the line. */
const ACTIVE: readonly Allocation['status'][] = ['reserved', 'shipped', 'ordered'];

const STATE: Record<Allocation['status'], string> = {
  reserved: 'reserved in stock',
  shipped: 'shipped from stock',
  released: 'released (order cancelled)',
  ordered: 'ordered from the supplier',
  cancelled: 'cancelled',
  rerouted: 're-routed elsewhere',
};

export function OrderLines({
  order,
  allocations,
  supplierOrders,
  profit,
}: {
  order: StaffOrder;
  allocations: Allocation[];
  supplierOrders: SupplierOrder[];
  /** What each line earns, by order line; undefined while it loads or when it could not be read. */
  profit: Map<number, LineProfit> | undefined;
}) {
  const reroutable = supplierOrders.filter((so) => offerFor(so).reroute);
  return (
    <ol className="order-lines">
      {order.items.map((item) => {
        const mine = allocations.filter((a) => a.orderItemId === item.id);
        const active = mine.filter((a) => ACTIVE.includes(a.status));
        const covered = active.reduce((n, a) => n + a.quantity, 0);
        // The newest allocation carries the decision in force; earlier ones (re-routed) keep theirs.
        const current = active.at(-1) ?? mine.at(-1);
        const earlier = mine.filter((a) => a.status === 'rerouted' && a !== current);
        return (
          <li key={item.id} className="panel order-line" data-testid={`line-${item.sku}`}>
            <div className="order-line__head">
              <strong>{item.name}</strong> <code>{item.sku}</code>
              <span>
                {item.quantity} × <Money amount={item.unitPrice} currency={order.currency} /> ={' '}
                <Money amount={item.lineTotal} currency={order.currency} />
              </span>
            </div>
            <ul className="order-line__sources" aria-label={`Sources of ${item.sku}`}>
              {mine.map((a) => (
                <li key={a.id} className={ACTIVE.includes(a.status) ? undefined : 'muted'}>
                  {a.quantity} from <strong>{a.source}</strong> (
                  {a.sourceType === 'supplier' ? 'supplier' : 'own stock'}
                  ): {STATE[a.status]}
                  {a.unitCost && (
                    <>
                      {' '}
                      at <Money amount={a.unitCost} currency={order.currency} /> a unit
                    </>
                  )}
                  {a.supplierOrderId !== null && (
                    <>
                      {' · '}
                      <Link to="/admin/supplier-orders" search={{ open: a.supplierOrderId }}>
                        supplier order {a.supplierOrderId}
                      </Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
            {profit && <LineProfitView line={profit.get(item.id)} currency={order.currency} />}
            {covered < item.quantity && order.status !== 'cancelled' && (
              <p className="error-box" role="note">
                {item.quantity - covered} unit(s) have no source now: re-route its supplier order or cancel the order.
              </p>
            )}
            {reroutable
              .filter((so) => mine.some((a) => a.status === 'ordered' && a.supplierOrderId === so.id))
              .map((so) => (
                <RerouteButton key={so.id} order={so} sku={item.sku} />
              ))}
            {current && <RoutingDecision decision={current.decision} currency={order.currency} />}
            {earlier.length > 0 && (
              <details>
                <summary>Earlier decisions ({earlier.length})</summary>
                {earlier.map((a) => (
                  <RoutingDecision key={a.id} decision={a.decision} currency={order.currency} />
                ))}
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
