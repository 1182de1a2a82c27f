import type { Product } from '../api';

const labels = {
  in_stock: 'In stock',
  out_of_stock: 'Sold out',
} as const;

export function StockBadge({ stock }: { stock: Product['stock'] }) {
  return (
    <span className={`stock stock--${stock.state}`} data-testid="stock">
      {labels[stock.state]}
    </span>
  );
}
