import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { getProduct } from '../api';
import { addToCart, MAX_QUANTITY, useCart } from '../cart';
import { ErrorBox } from '../components/ErrorBox';
import { PriceTag } from '../components/Money';
import { ProductImage } from '../components/ProductImage';
import { StockBadge } from '../components/StockBadge';
import { formatMoney, isAmount, savings } from '../money';
import { Link } from '@tanstack/react-router';

export function ProductPage({ slug }: { slug: string }) {
  const state = useQuery({ queryKey: ['product', slug], queryFn: ({ signal }) => getProduct(slug, signal) });
  const [imageIndex, setImageIndex] = useState(0);
  // What the customer typed, kept as typed: a number out of range is explained, never changed.
  const [quantityText, setQuantityText] = useState('1');
  const [added, setAdded] = useState<number | null>(null);
  const cart = useCart();

  if (state.isError) {
    return (
      <div className="narrow">
        <ErrorBox
          error={state.error}
          title={state.error.status === 404 ? 'This product is not available' : 'The product could not be loaded'}
        />
        <p>
          <Link to="/">← Back to the shop</Link>
        </p>
      </div>
    );
  }
  const product = state.data;
  if (!product) return <div className="skeleton skeleton--product" aria-busy="true" />;

  const soldOut = product.availability.state === 'sold_out';
  const priced = isAmount(product.price);
  const saved = priced ? savings(product.price, product.compareAtPrice) : null;
  const image = product.images[imageIndex] ?? product.images[0] ?? null;
  const inCart = cart.find((l) => l.sku === product.sku)?.quantity ?? 0;
  const quantity = Number(quantityText);
  const quantityProblem = !/^\d+$/.test(quantityText.trim())
    ? 'Enter a whole number of items.'
    : quantity < 1
      ? 'At least 1.'
      : inCart + quantity > MAX_QUANTITY
        ? inCart > 0
          ? `At most ${MAX_QUANTITY} per order line: ${inCart} already in your cart, so ${Math.max(0, MAX_QUANTITY - inCart)} more at most.`
          : `At most ${MAX_QUANTITY} per order line.`
        : null;

  return (
    <div className="product">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/">Shop</Link>
        {product.category && (
          <>
            {' / '}
            <Link to="/" search={{ category: product.category.slug }}>
              {product.category.name}
            </Link>
          </>
        )}
      </nav>
      <div className="product__layout">
        <div className="product__gallery">
          <ProductImage src={image} alt={product.name} className="product__image" />
          {product.images.length > 1 && (
            <div className="product__thumbs">
              {product.images.map((src, i) => (
                <button
                  key={src}
                  type="button"
                  className={i === imageIndex ? 'active' : ''}
                  onClick={() => setImageIndex(i)}
                  aria-label={`Image ${i + 1}`}
                >
                  <ProductImage src={src} alt={product.name} />
                </button>
              ))}
            </div>
          )}
        </div>
        <div className="product__info">
          <h1 data-testid="product-name">{product.name}</h1>
          <p className="product__sku">Item no. {product.sku}</p>
          <PriceTag price={product.price} compareAtPrice={product.compareAtPrice} currency={product.currency} large />
          {saved && <p className="product__saving">You save {formatMoney(saved, product.currency)}</p>}
          <p className="product__tax">Incl. VAT, plus shipping (shown at checkout)</p>
          <StockBadge availability={product.availability} detailed />
          <form
            className="product__buy"
            onSubmit={(e) => {
              e.preventDefault();
              if (quantityProblem) return;
              addToCart(
                {
                  sku: product.sku,
                  slug: product.slug,
                  name: product.name,
                  price: product.price,
                  currency: product.currency,
                  image: product.images[0] ?? null,
                },
                quantity,
              );
              setAdded(quantity);
            }}
          >
            <label className="quantity">
              <span>Quantity</span>
              <input
                type="number"
                min={1}
                max={MAX_QUANTITY}
                value={quantityText}
                aria-invalid={quantityProblem !== null}
                aria-describedby={quantityProblem ? 'quantity-problem' : undefined}
                onChange={(e) => {
                  setQuantityText(e.target.value);
                  setAdded(null);
                }}
              />
            </label>
            <button
              type="submit"
              className="button button--primary"
              disabled={soldOut || !priced || quantityProblem !== null}
            >
              {soldOut ? 'Sold out' : priced ? 'Add to cart' : 'Not for sale now'}
            </button>
          </form>
          {quantityProblem && !soldOut && priced && (
            <p id="quantity-problem" className="field-problem" role="alert">
              {quantityProblem}
            </p>
          )}
          {added !== null && (
            <p className="notice" role="status">
              {added} × {product.name} added to your cart. <Link to="/cart">View cart</Link> or{' '}
              <Link to="/checkout">check out</Link>.
            </p>
          )}
          {product.description && (
            <div className="product__description">
              <h2>Description</h2>
              {product.description.split(/\n{2,}/).map((para, i) => (
                <p key={i}>{para}</p>
              ))}
            </div>
          )}
          <ul className="product__perks">
            <li>Shipped from our warehouse or directly by a partner</li>
            <li>Secure checkout, no account needed</li>
          </ul>
        </div>
      </div>
    </div>
  );
}
