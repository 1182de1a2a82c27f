/**
 * One order for the operator: who ordered what, where each line's units come from and why
 * (the routing decision with every candidate), what each line earns, the own-stock reservations, the supplier orders
 * with their actions and history, the parcels, and the order's status history. Actions: ship
 * the own stock, cancel the order (both ask first), and the supplier orders' own.
 */
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Money } from '../../components/Money';
import { statusLabel } from '../../components/OrderDetails';
import { Shipments } from '../../components/Shipments';
import { ActionFeedback } from '../../ui/ActionFeedback';
import { ConfirmButton } from '../../ui/Confirm';
import { Empty, QueryView } from '../../ui/states';
import { fetchSupplierOrders, supplierOrderKeys, type SupplierOrder } from '../supplier-orders/queries';
import { refetchWhileMoving, useFollowSupplierOrders } from '../supplier-orders/follow';
import { SupplierOrderCard } from '../supplier-orders/SupplierOrderCard';
import '../supplier-orders/supplier-orders.css';
import './order-page.css';
import { OrderLines } from './OrderLines';
import { ProfitFiguresView } from './Profit';
import {
  fetchOrder,
  fetchProfit,
  fetchRouting,
  fetchStatusHistory,
  orderKeys,
  useOrderAction,
  type Allocation,
  type OrderProfit,
  type StaffOrder,
} from './order-queries';
import { orderRoute } from './routes';

export function OrderPage() {
  const { number } = orderRoute.useParams();
  const order = useQuery({ queryKey: orderKeys.one(number), queryFn: ({ signal }) => fetchOrder(number, signal) });
  const routing = useQuery({
    queryKey: orderKeys.routing(number),
    queryFn: ({ signal }) => fetchRouting(number, signal),
  });
  const profit = useQuery({ queryKey: orderKeys.profit(number), queryFn: ({ signal }) => fetchProfit(number, signal) });
  const supplierOrdersQuery = { orderNumber: number, limit: 100, offset: 0 };
  const supplierOrders = useQuery({
    queryKey: supplierOrderKeys.list(supplierOrdersQuery),
    queryFn: ({ signal }) => fetchSupplierOrders(supplierOrdersQuery, signal),
    refetchInterval: (q) => refetchWhileMoving(q.state.data?.items),
  });
  useFollowSupplierOrders(supplierOrders.data?.items);

  return (
    <section className="order-page">
      <p className="breadcrumb">
        <Link to="/admin/orders">Orders</Link> / {number}
      </p>
      <QueryView query={order} loading="Loading the order…">
        {(o) => (
          <>
            <OrderHeader order={o} allocations={routing.data ?? []} />
            <h2>Lines and routing</h2>
            <QueryView
              query={routing}
              loading="Loading the routing…"
              isEmpty={(a) => a.length === 0}
              empty={<Empty title="No routing recorded">This order was placed before routing was recorded.</Empty>}
            >
              {(allocations) => (
                <OrderLines
                  order={o}
                  allocations={allocations}
                  supplierOrders={supplierOrders.data?.items ?? []}
                  profit={profit.data && new Map(profit.data.lines.map((l) => [l.orderItemId, l]))}
                />
              )}
            </QueryView>
            <OrderProfitTotals query={profit} />
            <Reservations allocations={routing.data ?? []} />
            <SupplierOrders list={supplierOrders} />
            <h2>Shipments</h2>
            {o.shipments.length === 0 ? <Empty title="Nothing shipped yet" /> : <Shipments shipments={o.shipments} />}
            <StatusHistory number={number} />
          </>
        )}
      </QueryView>
    </section>
  );
}

function OrderHeader({ order, allocations }: { order: StaffOrder; allocations: Allocation[] }) {
  const action = useOrderAction();
  const [done, setDone] = useState<string | null>(null);
  const reserved = allocations.filter((a) => a.status === 'reserved').reduce((n, a) => n + a.quantity, 0);
  // Once anything has shipped it is a return, not a cancellation: the server refuses it then too.
  const cancellable = order.status === 'pending' || order.status === 'confirmed' || order.status === 'processing';
  const act = (kind: 'cancel' | 'ship-own-stock') => {
    setDone(null);
    action.mutate({ kind, number: order.number }, { onSuccess: setDone });
  };
  const a = order.shippingAddress;
  return (
    <header className="panel order-head">
      <div className="order-head__title">
        <h1>Order {order.number}</h1>
        <span className={`status status--${order.status}`} data-testid="order-status">
          {statusLabel(order.status)}
        </span>
      </div>
      <dl className="facts">
        <dt>Placed</dt>
        <dd>{new Date(order.placedAt).toLocaleString()}</dd>
        <dt>Customer</dt>
        <dd>
          {order.customerName ?? <span className="muted">no name</span>} · {order.email}
        </dd>
        <dt>Ship to</dt>
        <dd>
          {a.name}, {a.line1}
          {a.line2 ? `, ${a.line2}` : ''}, {a.postalCode} {a.city}, {a.country}
        </dd>
        <dt>Total</dt>
        <dd>
          <Money amount={order.total} currency={order.currency} />{' '}
          <span className="muted">
            (goods <Money amount={order.subtotal} currency={order.currency} />, shipping{' '}
            <Money amount={order.shippingTotal} currency={order.currency} />)
          </span>
        </dd>
      </dl>
      <div className="actions" role="group" aria-label="Order actions">
        {reserved > 0 && (
          <ConfirmButton
            title={`Ship the own stock of ${order.number}?`}
            message={`${reserved} reserved unit(s) leave the warehouse now: the stock goes down and the order moves on.`}
            confirmLabel="Ship own stock"
            className="button button--primary button--small"
            disabled={action.isPending}
            onConfirm={() => act('ship-own-stock')}
          >
            Ship own stock ({reserved})
          </ConfirmButton>
        )}
        {cancellable && (
          <ConfirmButton
            title={`Cancel order ${order.number}?`}
            message="Reserved stock is released, supplier orders not yet sent are cancelled and suppliers that have one are asked to cancel. This cannot be undone."
            confirmLabel="Cancel order"
            disabled={action.isPending}
            onConfirm={() => act('cancel')}
          >
            Cancel order
          </ConfirmButton>
        )}
      </div>
      <ActionFeedback pending={action.isPending} notice={done} error={action.error} testId="order-action-result" />
    </header>
  );
}

/** The order's profit over the lines it counts, and how many it cannot count. */
function OrderProfitTotals({ query }: { query: UseQueryResult<OrderProfit> }) {
  return (
    <>
      <h2>Profit</h2>
      <QueryView query={query} loading="Loading the profit…">
        {(p) => (
          <p className="panel" data-testid="order-profit">
            {p.totals.profit ? (
              <ProfitFiguresView figures={p.totals.profit} currency={p.currency} />
            ) : (
              <em>No line can be counted yet.</em>
            )}
            <span className="muted">
              {' '}
              · {p.totals.linesCounted} line(s) counted
              {p.totals.linesNotCounted > 0 && `, ${p.totals.linesNotCounted} not (see the lines)`}
            </span>
          </p>
        )}
      </QueryView>
    </>
  );
}

/** The own-stock units of the order: reserved, shipped, or released when it was cancelled. */
function Reservations({ allocations }: { allocations: Allocation[] }) {
  const own = allocations.filter((a) => a.sourceType !== 'supplier');
  return (
    <>
      <h2>Reservations</h2>
      {own.length === 0 ? (
        <Empty title="No own stock in this order" />
      ) : (
        <table className="table table--compact" aria-label="Reservations" data-testid="reservations">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Source</th>
              <th scope="col" className="num">
                Units
              </th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {own.map((a) => (
              <tr key={a.id}>
                <td>{a.sku}</td>
                <td>
                  {a.source} <span className="muted">({a.sourceType})</span>
                </td>
                <td className="num">{a.quantity}</td>
                <td>{a.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function SupplierOrders({ list }: { list: UseQueryResult<{ items: SupplierOrder[] }> }) {
  return (
    <>
      <h2>Supplier orders</h2>
      <QueryView
        query={list}
        isEmpty={(d) => d.items.length === 0}
        empty={<Empty title="No supplier orders: every unit comes from own stock" />}
        loading="Loading the supplier orders…"
      >
        {(d) => d.items.map((so) => <SupplierOrderCard key={so.id} order={so} />)}
      </QueryView>
    </>
  );
}

function StatusHistory({ number }: { number: string }) {
  const history = useQuery({
    queryKey: orderKeys.history(number),
    queryFn: ({ signal }) => fetchStatusHistory(number, signal),
  });
  return (
    <>
      <h2>Status history</h2>
      <QueryView
        query={history}
        isEmpty={(items) => items.length === 0}
        empty={<Empty title="No status changes yet" />}
      >
        {(items) => (
          <table className="table table--compact" aria-label="Status history">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Change</th>
                <th scope="col">Cause</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e, i) => (
                <tr key={i}>
                  <td>{new Date(e.at).toLocaleString()}</td>
                  <td>
                    {statusLabel(e.from)} → {statusLabel(e.to)}
                  </td>
                  <td>{e.cause}</td>
                  <td>{e.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </>
  );
}
