import type { Product } from '../api';

const labels = {
  in_stock: 'In stock',
  low_stock: 'Only a few left',
  out_of_stock: 'Sold out',
  unknown: 'Ask for availability',
} as const;

export function StockBadge({ stock }: { stock: Product['stock'] }) {
  const label =
    stock.state === 'low_stock' && stock.available !== null ? `Only ${stock.available} left` : labels[stock.state];
  return (
    <span className={`stock stock--${stock.state}`} data-testid="stock">
      {label}
    </span>
  );
}
