import { lineTotalPreview, MAX_QUANTITY, removeFromCart, setQuantity, subtotalPreview, useCart } from '../cart';
import { Money } from '../components/Money';
import { ProductImage } from '../components/ProductImage';
import { Link } from '@tanstack/react-router';

export function CartPage() {
  const lines = useCart();
  if (lines.length === 0) {
    return (
      <div className="narrow empty">
        <h1>Your cart is empty</h1>
        <p>Find something you like in the outlet.</p>
        <Link to="/" className="button button--primary">
          Continue shopping
        </Link>
      </div>
    );
  }
  const currency = lines[0]?.currency ?? 'EUR';
  return (
    <div className="cart">
      <h1>Your cart</h1>
      <div className="cart__layout">
        <ul className="cart__lines" data-testid="cart-lines">
          {lines.map((line) => (
            <li key={line.sku} className="cart-line" data-sku={line.sku}>
              <Link to="/p/$slug" params={{ slug: line.slug }} className="cart-line__image">
                <ProductImage src={line.image} alt={line.name} />
              </Link>
              <div className="cart-line__info">
                <Link to="/p/$slug" params={{ slug: line.slug }} className="cart-line__name">
                  {line.name}
                </Link>
                <span className="cart-line__sku">Item no. {line.sku}</span>
                <span className="cart-line__unit">
                  <Money amount={line.price} currency={line.currency} /> each
                </span>
              </div>
              <div className="cart-line__qty">
                <button
                  type="button"
                  aria-label={`One less ${line.name}`}
                  onClick={() => setQuantity(line.sku, line.quantity - 1)}
                >
                  −
                </button>
                <span aria-label="Quantity">{line.quantity}</span>
                <button
                  type="button"
                  aria-label={`One more ${line.name}`}
                  disabled={line.quantity >= MAX_QUANTITY}
                  onClick={() => setQuantity(line.sku, line.quantity + 1)}
                >
                  +
                </button>
              </div>
              <div className="cart-line__total">
                <Money amount={lineTotalPreview(line)} currency={line.currency} />
                <button type="button" className="linklike" onClick={() => removeFromCart(line.sku)}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
        <aside className="summary">
          <h2>Summary</h2>
          <dl>
            <dt>Subtotal</dt>
            <dd data-testid="cart-subtotal">
              <Money amount={subtotalPreview(lines)} currency={currency} />
            </dd>
          </dl>
          <p className="summary__note">
            Prices are checked again when you order; shipping and the final total are calculated by the shop at
            checkout.
          </p>
          <Link to="/checkout" className="button button--primary button--block">
            Go to checkout
          </Link>
          <Link to="/" className="button button--ghost button--block">
            Continue shopping
          </Link>
        </aside>
      </div>
    </div>
  );
}
