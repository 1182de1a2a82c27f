import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { placeOrder, toApiError, type ApiError, type OrderRequest } from '../api';
import { clearCart, lineTotalPreview, removeFromCart, subtotalPreview, useCart } from '../cart';
import { ErrorBox } from '../components/ErrorBox';
import { Money } from '../components/Money';
import { Link, useNavigate } from '@tanstack/react-router';
import { rememberOrder } from './orderMemory';

const countries: [string, string][] = [
  ['DE', 'Germany'],
  ['AT', 'Austria'],
  ['CH', 'Switzerland'],
  ['NL', 'Netherlands'],
  ['BE', 'Belgium'],
  ['LU', 'Luxembourg'],
  ['FR', 'France'],
  ['IT', 'Italy'],
  ['ES', 'Spain'],
  ['PL', 'Poland'],
  ['CZ', 'Czechia'],
  ['DK', 'Denmark'],
  ['SE', 'Sweden'],
  ['IE', 'Ireland'],
  ['GB', 'United Kingdom'],
  ['US', 'United States'],
];

interface Form {
  email: string;
  name: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  country: string;
}

type Field = keyof Form;
const empty: Form = { email: '', name: '', line1: '', line2: '', postalCode: '', city: '', country: 'DE' };

/** Client-side checks for the obvious mistakes; the server validates everything again and decides. */
function validate(form: Form): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.email.trim())) errors.email = 'Enter a valid e-mail address.';
  if (form.name.trim().length < 2) errors.name = 'Enter your full name.';
  if (form.line1.trim() === '') errors.line1 = 'Enter the street and house number.';
  if (form.postalCode.trim() === '') errors.postalCode = 'Enter the postal code.';
  if (form.city.trim() === '') errors.city = 'Enter the city.';
  if (!/^[A-Z]{2}$/.test(form.country)) errors.country = 'Choose a country.';
  return errors;
}

/** Maps a server error detail's field path to a form field. */
function fieldOf(path: string | null): Field | null {
  if (!path) return null;
  const last = path.split('.').at(-1) ?? '';
  if (path.startsWith('customer.')) return last === 'email' ? 'email' : last === 'name' ? 'name' : null;
  if (path.startsWith('shippingAddress.')) {
    return (['name', 'line1', 'line2', 'postalCode', 'city', 'country'] as const).find((f) => f === last) ?? null;
  }
  return null;
}

export function CheckoutPage() {
  const lines = useCart();
  const navigate = useNavigate();
  const [form, setForm] = useState<Form>(empty);
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  // The same key for a retry of the same request (a lost response must not make a second order),
  // a new one as soon as the request changes.
  const idempotency = useRef<{ body: string; key: string } | null>(null);

  if (lines.length === 0 && !submitting) {
    return (
      <div className="narrow empty">
        <h1>Checkout</h1>
        <p>Your cart is empty.</p>
        <Link to="/" className="button button--primary">
          Continue shopping
        </Link>
      </div>
    );
  }

  const clientErrors = touched ? validate(form) : {};
  const serverFieldErrors: Partial<Record<Field, string>> = {};
  const lineErrors = new Map<number, string>();
  for (const d of serverError?.details ?? []) {
    const field = fieldOf(d.field);
    if (field) serverFieldErrors[field] = d.message;
    const line = /^items\.(\d+)/.exec(d.field ?? '');
    if (line) lineErrors.set(Number(line[1]), d.message);
  }
  const errorFor = (f: Field) => clientErrors[f] ?? serverFieldErrors[f];

  const update = (field: Field) => (e: { target: { value: string } }) => setForm({ ...form, [field]: e.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(validate(form)).length > 0) return;
    const order: OrderRequest = {
      items: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      customer: { email: form.email.trim(), name: form.name.trim() },
      shippingAddress: {
        name: form.name.trim(),
        line1: form.line1.trim(),
        ...(form.line2.trim() ? { line2: form.line2.trim() } : {}),
        city: form.city.trim(),
        postalCode: form.postalCode.trim(),
        country: form.country,
      },
    };
    const body = JSON.stringify(order);
    if (idempotency.current?.body !== body) idempotency.current = { body, key: newKey() };
    setSubmitting(true);
    setServerError(null);
    try {
      const placed = await placeOrder(order, idempotency.current.key);
      rememberOrder(placed, form.email.trim());
      clearCart();
      await navigate({ to: '/order/$number', params: { number: placed.number } });
    } catch (error) {
      setServerError(toApiError(error));
      setSubmitting(false);
      window.scrollTo(0, 0);
    }
  };

  const currency = lines[0]?.currency ?? 'EUR';
  return (
    <div className="checkout">
      <h1>Checkout</h1>
      {serverError && <ErrorBox error={serverError} title="Your order was not placed" />}
      <div className="checkout__layout">
        <form className="checkout__form" onSubmit={submit} noValidate>
          <fieldset>
            <legend>Contact</legend>
            <Input label="E-mail" error={errorFor('email')}>
              <input
                type="email"
                name="email"
                autoComplete="email"
                value={form.email}
                onChange={update('email')}
                required
              />
            </Input>
          </fieldset>
          <fieldset>
            <legend>Shipping address</legend>
            <Input label="Full name" error={errorFor('name')}>
              <input name="name" autoComplete="name" value={form.name} onChange={update('name')} required />
            </Input>
            <Input label="Street and number" error={errorFor('line1')}>
              <input name="line1" autoComplete="address-line1" value={form.line1} onChange={update('line1')} required />
            </Input>
            <Input label="Address line 2 (optional)" error={errorFor('line2')}>
              <input name="line2" autoComplete="address-line2" value={form.line2} onChange={update('line2')} />
            </Input>
            <div className="form-row">
              <Input label="Postal code" error={errorFor('postalCode')} className="field--short">
                <input
                  name="postalCode"
                  autoComplete="postal-code"
                  value={form.postalCode}
                  onChange={update('postalCode')}
                  required
                />
              </Input>
              <Input label="City" error={errorFor('city')}>
                <input name="city" autoComplete="address-level2" value={form.city} onChange={update('city')} required />
              </Input>
            </div>
            <Input label="Country" error={errorFor('country')}>
              <select name="country" autoComplete="country" value={form.country} onChange={update('country')}>
                {countries.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </select>
            </Input>
          </fieldset>
          <button type="submit" className="button button--primary button--block" disabled={submitting}>
            {submitting ? 'Placing your order…' : 'Place order'}
          </button>
          <p className="fine-print">
            By placing the order you agree to pay the total the shop confirms. No account needed.
          </p>
        </form>
        <aside className="summary">
          <h2>Your order</h2>
          <ul className="summary__lines">
            {lines.map((l, i) => (
              <li key={l.sku} className={lineErrors.has(i) ? 'has-error' : ''}>
                <span>
                  {l.quantity} × {l.name}
                </span>
                <Money amount={lineTotalPreview(l)} currency={l.currency} />
                {lineErrors.has(i) && (
                  <em className="line-error">
                    {lineErrors.get(i)}{' '}
                    <button type="button" className="linklike" onClick={() => removeFromCart(l.sku)}>
                      Remove it
                    </button>
                  </em>
                )}
              </li>
            ))}
          </ul>
          <dl>
            <dt>Subtotal (estimate)</dt>
            <dd>
              <Money amount={subtotalPreview(lines)} currency={currency} />
            </dd>
          </dl>
          <p className="summary__note">Shipping and the final total are confirmed by the shop when you order.</p>
          <Link to="/cart">Edit cart</Link>
        </aside>
      </div>
    </div>
  );
}

/** A random idempotency key (crypto.randomUUID needs a secure context; getRandomValues does not). */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `checkout-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function Input({
  label,
  error,
  className,
  children,
}: {
  label: string;
  error: string | undefined;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={`field${error ? ' field--error' : ''} ${className ?? ''}`}>
      <span className="field__label">{label}</span>
      {children}
      {error && <span className="field__error">{error}</span>}
    </label>
  );
}
