import { listOrders, listSuppliers, type Session } from '../../api';
import { ErrorBox } from '../../components/ErrorBox';
import { Money } from '../../components/Money';
import { statusLabel } from '../../components/OrderDetails';
import { Link, useLocation } from '../../router';
import { useAsync } from '../../useAsync';
import { LoginPage } from './LoginPage';
import { saveSession, useSession } from './session';

/** Read-only back office: recent orders and suppliers, behind the staff login. */
export function AdminPage() {
  const session = useSession();
  const { query } = useLocation();
  if (!session) return <LoginPage />;
  const tab = query.get('tab') === 'suppliers' ? 'suppliers' : 'orders';
  return (
    <div className="admin">
      <div className="admin__bar">
        <h1>Back office</h1>
        <nav className="tabs">
          <Link to="/admin" className={tab === 'orders' ? 'active' : ''}>
            Orders
          </Link>
          <Link to="/admin?tab=suppliers" className={tab === 'suppliers' ? 'active' : ''}>
            Suppliers
          </Link>
        </nav>
        <button type="button" className="button button--ghost button--small" onClick={() => saveSession(null)}>
          Sign out
        </button>
      </div>
      {tab === 'orders' ? <Orders session={session} /> : <Suppliers session={session} />}
    </div>
  );
}

function Orders({ session }: { session: Session }) {
  const state = useAsync(`orders:${session.token}`, (signal) => listOrders(session.token, signal));
  if (state.status === 'error') return <AdminError error={state.error} />;
  if (!state.data) return <p className="muted">Loading orders…</p>;
  if (state.data.length === 0) return <p className="empty">No orders yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="admin-orders">
        <thead>
          <tr>
            <th>Order</th>
            <th>Placed</th>
            <th>Customer</th>
            <th>Status</th>
            <th className="num">Items</th>
            <th className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {state.data.map((o) => (
            <tr key={o.number}>
              <td>
                <strong>{o.number}</strong>
              </td>
              <td>{new Date(o.placedAt).toLocaleString()}</td>
              <td>
                {o.customerName && <div>{o.customerName}</div>}
                <span className="muted">{o.email}</span>
              </td>
              <td>
                <span className={`status status--${o.status}`}>{statusLabel(o.status)}</span>
              </td>
              <td className="num">{o.itemCount}</td>
              <td className="num">
                <Money amount={o.total} currency={o.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Suppliers({ session }: { session: Session }) {
  const state = useAsync(`suppliers:${session.token}`, (signal) => listSuppliers(session.token, signal));
  if (state.status === 'error') return <AdminError error={state.error} />;
  if (!state.data) return <p className="muted">Loading suppliers…</p>;
  if (state.data.length === 0) return <p className="empty">No suppliers yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="admin-suppliers">
        <thead>
          <tr>
            <th>Code</th>
            <th>Name</th>
            <th>Orders go by</th>
            <th>Order e-mail</th>
            <th>Currency</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {state.data.map((s) => (
            <tr key={s.id}>
              <td>
                <code>{s.code}</code>
              </td>
              <td>
                <div>{s.name}</div>
                {s.email && <span className="muted">{s.email}</span>}
              </td>
              <td>{s.orderMethod.replace(/_/g, ' ')}</td>
              <td>{s.orderEmail ?? ''}</td>
              <td>{s.currency}</td>
              <td>
                <span className={`status status--${s.status}`}>{s.status}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AdminError({ error }: { error: import('../../api').ApiError }) {
  if (error.status === 401) {
    return (
      <div>
        <ErrorBox error={error} title="Your session has ended" />
        <button type="button" className="button button--primary" onClick={() => saveSession(null)}>
          Sign in again
        </button>
      </div>
    );
  }
  return <ErrorBox error={error} title={error.status === 403 ? 'Not allowed for your role' : 'Could not load'} />;
}
