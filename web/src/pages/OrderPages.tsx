import { useState, type FormEvent } from 'react';
import { lookupOrder, toApiError, type ApiError, type Order } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { OrderDetails } from '../components/OrderDetails';
import { Link, useSearch } from '@tanstack/react-router';
import { recallOrder } from './orderMemory';

/** After checkout: the server's answer to the order just placed. */
export function OrderConfirmationPage({ number }: { number: string }) {
  const saved = recallOrder(number);
  if (!saved) {
    // A reload in another tab, or an old link: the order can still be looked up with the e-mail.
    return <OrderLookupPage initialNumber={number} />;
  }
  return (
    <div className="narrow confirmation">
      <div className="confirmation__banner" data-testid="order-confirmation">
        <span className="confirmation__check" aria-hidden="true">
          ✓
        </span>
        <div>
          <h1>Thank you for your order!</h1>
          <p>
            We have received order <strong>{saved.order.number}</strong> for {saved.email}. Keep the order number: with
            it and your e-mail you can look the order up at any time.
          </p>
        </div>
      </div>
      <OrderDetails order={saved.order} />
      <p className="actions">
        <Link to="/" className="button button--primary">
          Continue shopping
        </Link>
        <Link to="/orders" search={{ number: saved.order.number }} className="button button--ghost">
          Order status
        </Link>
      </p>
    </div>
  );
}

/** Order lookup for customers: order number and the e-mail it was placed with. */
export function OrderLookupPage({ initialNumber }: { initialNumber?: string }) {
  // Also shown at /order/:number when that page has no order to show, so the search is read loosely.
  const search: { number?: string } = useSearch({ strict: false });
  const [number, setNumber] = useState(initialNumber ?? search.number ?? '');
  const [email, setEmail] = useState('');
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setOrder(null);
    try {
      setOrder(await lookupOrder(number.trim(), email.trim()));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <h1>Find your order</h1>
      <p className="muted">Enter the order number from your confirmation and the e-mail address you ordered with.</p>
      <form className="lookup" onSubmit={submit}>
        <label className="field">
          <span className="field__label">Order number</span>
          <input
            name="number"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            placeholder="e.g. JNE-2026-48213906"
            required
          />
        </label>
        <label className="field">
          <span className="field__label">E-mail</span>
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Looking…' : 'Find order'}
        </button>
      </form>
      {error && (
        <ErrorBox error={error} title={error.status === 404 ? 'No order found' : 'The order could not be loaded'} />
      )}
      {order && <OrderDetails order={order} />}
      {!order && initialNumber && (
        <p>
          <Link to="/">Back to the shop</Link>
        </p>
      )}
    </div>
  );
}
