/** /admin/stock: sources, own stock (by SKU, source, low stock), and one row's changes and audit trail. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { flag, tableSearch, text, whole, type SearchOf, type TableSearch } from '../../search';
import { adminRoute } from '../route';

interface StockSearch extends TableSearch {
  sku: string;
  source: number;
  low: true;
  /** The stock row whose set / adjust forms and audit trail are open. */
  row: number;
}

export const stockRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'stock',
  staticData: { nav: { label: 'Stock', order: 60 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<StockSearch> => ({
    ...tableSearch(search),
    sku: text(search.sku, 100),
    source: whole(search.source),
    low: flag(search.low),
    row: whole(search.row),
  }),
  component: lazyRouteComponent(() => import('./StockPage'), 'StockPage'),
});

export const stockRoutes = [stockRoute];
