import type { Availability } from '../api';

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

/** Short on a card, a sentence on the product page: in stock, shipped by a supplier, or sold out. */
function label(availability: Availability, detailed: boolean): string {
  switch (availability.state) {
    case 'in_stock':
      return detailed ? 'In stock: ships from our warehouse' : 'In stock';
    case 'from_supplier': {
      const n = availability.shipsWithinDays;
      if (!detailed) return n !== null ? `Ships in ${days(n)}` : 'Ships from supplier';
      return n !== null ? `Ships directly from our supplier within ${days(n)}` : 'Ships directly from our supplier';
    }
    case 'sold_out':
      return 'Sold out';
  }
}

export function StockBadge({ availability, detailed = false }: { availability: Availability; detailed?: boolean }) {
  return (
    <span className={`stock stock--${availability.state}`} data-testid="stock">
      {label(availability, detailed)}
    </span>
  );
}
