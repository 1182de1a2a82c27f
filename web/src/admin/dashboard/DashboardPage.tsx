import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { call, staffApi, type JsonOf } from '../../api';
import type { paths } from '../../api/schema.js';
import { Money } from '../../components/Money';
import { Empty, QueryView } from '../../ui/states';

type Dashboard = JsonOf<paths['/api/admin/dashboard']['get']['responses'][200]>;

/** Midnight of the operator's own day, where "today" starts. */
function startOfToday(): string {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

const when = (iso: string) => new Date(iso).toLocaleString();

export function DashboardPage() {
  const since = startOfToday();
  const dashboard = useQuery({
    queryKey: ['dashboard', since],
    queryFn: ({ signal }) => call(staffApi.GET('/api/admin/dashboard', { params: { query: { since } }, signal })),
    refetchInterval: 60_000,
  });
  return (
    <section>
      <h1>Dashboard</h1>
      <QueryView query={dashboard} loading="Loading the dashboard…">
        {(d) => (
          <>
            <div className="cards">
              <Today orders={d.orders} />
              <SupplierOrders rows={d.supplierOrders} />
              <Alerts alerts={d.openAlerts} />
            </div>
            <Imports rows={d.catalogImports} />
            <LowStock stock={d.lowStock} />
          </>
        )}
      </QueryView>
    </section>
  );
}

function Today({ orders }: { orders: Dashboard['orders'] }) {
  return (
    <div className="panel" data-testid="today">
      <h2>Today</h2>
      <div className="figure" data-testid="orders-today">
        {orders.placed} {orders.placed === 1 ? 'order' : 'orders'}
      </div>
      {orders.revenue.length === 0 ? (
        <p className="muted">No revenue yet today.</p>
      ) : (
        orders.revenue.map((r) => (
          <p key={r.currency} className="figure figure--money" data-testid="revenue-today">
            <Money amount={r.amount} currency={r.currency} />
          </p>
        ))
      )}
      {orders.cancelled > 0 && <p className="muted">{orders.cancelled} of them cancelled (not in the revenue)</p>}
    </div>
  );
}

function SupplierOrders({ rows }: { rows: Dashboard['supplierOrders'] }) {
  return (
    <div className="panel" data-testid="supplier-orders">
      <h2>Supplier orders by status</h2>
      {rows.length === 0 ? (
        <p className="muted">No supplier orders yet.</p>
      ) : (
        <table className="table table--compact" aria-label="Supplier orders by status">
          <tbody>
            {rows.map((r) => (
              <tr key={r.status}>
                <td>
                  <span className={`status status--${r.status}`}>{r.status.replace(/_/g, ' ')}</span>
                </td>
                <td className="num">{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Alerts({ alerts }: { alerts: Dashboard['openAlerts'] }) {
  return (
    <div className="panel" data-testid="open-alerts">
      <h2>
        Open alerts <span className="count">{alerts.total}</span>
      </h2>
      {alerts.latest.length === 0 ? (
        <p className="muted">Nothing needs attention.</p>
      ) : (
        <ul className="plain-list">
          {alerts.latest.map((a) => (
            <li key={a.id}>
              {a.message}
              <span className="muted"> · since {when(a.firstSeenAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <Link to="/admin/alerts">All alerts →</Link>
    </div>
  );
}

function Imports({ rows }: { rows: Dashboard['catalogImports'] }) {
  return (
    <div className="panel panel--section" data-testid="catalog-imports">
      <h2>Last catalog imports</h2>
      {rows.length === 0 ? (
        <Empty title="No catalog imported yet" />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Last catalog imports">
            <thead>
              <tr>
                <th scope="col">Supplier</th>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  New
                </th>
                <th scope="col" className="num">
                  Updated
                </th>
                <th scope="col" className="num">
                  Unchanged
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <code>{r.supplierCode}</code> {r.supplierName}
                  </td>
                  <td>{when(r.startedAt)}</td>
                  <td>
                    <span className={`status status--${r.status}`}>{r.status}</span>
                    {r.message && <div className="muted">{r.message}</div>}
                  </td>
                  <td className="num">{r.inserted}</td>
                  <td className="num">{r.updated}</td>
                  <td className="num">{r.unchanged}</td>
                  <td className="num">{r.rejected}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function LowStock({ stock }: { stock: Dashboard['lowStock'] }) {
  return (
    <div className="panel panel--section" data-testid="low-stock">
      <h2>
        Low stock <span className="count">{stock.total}</span>
      </h2>
      {stock.items.length === 0 ? (
        <Empty title="No product is low on stock" />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Low stock">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Source</th>
                <th scope="col" className="num">
                  Available
                </th>
                <th scope="col" className="num">
                  Threshold
                </th>
              </tr>
            </thead>
            <tbody>
              {stock.items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <code>{s.sku}</code> {s.productName}
                  </td>
                  <td>{s.sourceCode}</td>
                  <td className="num">{s.quantityAvailable}</td>
                  <td className="num">{s.lowStockThreshold}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {stock.total > stock.items.length && (
            <p className="muted">and {stock.total - stock.items.length} more at or below their threshold</p>
          )}
        </div>
      )}
    </div>
  );
}
