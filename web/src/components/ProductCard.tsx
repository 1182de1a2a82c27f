import type { Product } from '../api';
import { addToCart } from '../cart';
import { discountPercent, isAmount } from '../money';
import { Link } from '@tanstack/react-router';
import { PriceTag } from './Money';
import { ProductImage } from './ProductImage';
import { StockBadge } from './StockBadge';

export function ProductCard({ product }: { product: Product }) {
  const priced = isAmount(product.price);
  const percent = priced ? discountPercent(product.price, product.compareAtPrice) : null;
  const soldOut = product.availability.state === 'sold_out';
  return (
    <article className="card" data-testid="product-card" data-sku={product.sku}>
      <Link to="/p/$slug" params={{ slug: product.slug }} className="card__image" tabIndex={-1} aria-hidden="true">
        <ProductImage src={product.images[0]} alt={product.name} />
        {percent !== null && <span className="card__sale">-{percent}%</span>}
      </Link>
      <div className="card__body">
        {product.category && <span className="card__category">{product.category.name}</span>}
        <h3 className="card__name">
          <Link to="/p/$slug" params={{ slug: product.slug }}>
            {product.name}
          </Link>
        </h3>
        <PriceTag price={product.price} compareAtPrice={product.compareAtPrice} currency={product.currency} />
        <div className="card__footer">
          <StockBadge availability={product.availability} />
          <button
            type="button"
            className="button button--small"
            disabled={soldOut || !priced}
            onClick={() =>
              addToCart({
                sku: product.sku,
                slug: product.slug,
                name: product.name,
                price: product.price,
                currency: product.currency,
                image: product.images[0] ?? null,
              })
            }
          >
            {soldOut ? 'Sold out' : priced ? 'Add to cart' : 'Not for sale now'}
          </button>
        </div>
      </div>
    </article>
  );
}
