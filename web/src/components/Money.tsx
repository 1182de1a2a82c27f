import { discountPercent, formatMoney, isAmount } from '../money';

export function Money({ amount, currency }: { amount: string; currency: string }) {
  return <span className="money">{formatMoney(amount, currency)}</span>;
}

/** Shown where a price is missing: never as 0.00, which would read as free. */
export const PRICE_UNAVAILABLE = 'Price unavailable';

/** Selling price, the compare-at ("was") price struck through, and the saving; or that there is no price. */
export function PriceTag({
  price,
  compareAtPrice,
  currency,
  large = false,
  showPercent = large,
}: {
  price: string | null | undefined;
  compareAtPrice: string | null;
  currency: string;
  large?: boolean;
  /** The "-40%" chip; cards show it on the image instead. */
  showPercent?: boolean;
}) {
  if (!isAmount(price)) {
    return (
      <div className={`price-tag${large ? ' price-tag--large' : ''}`}>
        <span className="price-tag__price price-tag__price--unavailable" data-testid="price">
          {PRICE_UNAVAILABLE}
        </span>
      </div>
    );
  }
  const percent = discountPercent(price, compareAtPrice);
  return (
    <div className={`price-tag${large ? ' price-tag--large' : ''}`}>
      <span className={`price-tag__price${percent !== null ? ' price-tag__price--sale' : ''}`} data-testid="price">
        {formatMoney(price, currency)}
      </span>
      {percent !== null && compareAtPrice && (
        <>
          <s className="price-tag__was" aria-label={`was ${formatMoney(compareAtPrice, currency)}`}>
            {formatMoney(compareAtPrice, currency)}
          </s>
          {showPercent && <span className="price-tag__off">-{percent}%</span>}
        </>
      )}
    </div>
  );
}
