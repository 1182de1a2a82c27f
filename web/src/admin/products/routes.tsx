/** /admin/products and /admin/products/:id: the catalog with its pricing and stock, and one product. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import type { paths } from '../../api/schema.js';
import { oneOf, tableSearch, text, type SearchOf, type TableSearch } from '../../search';
import { adminRoute } from '../route';

type Query = NonNullable<paths['/api/products']['get']['parameters']['query']>;
export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const satisfies readonly NonNullable<
  Query['status']
>[];
export const PRODUCT_SORTS = ['newest', 'name', 'price', 'price_desc'] as const satisfies readonly Query['sort'][];

interface ProductsSearch extends TableSearch {
  q: string;
  status: (typeof PRODUCT_STATUSES)[number];
  category: string;
  order: (typeof PRODUCT_SORTS)[number];
}

export const productsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'products',
  staticData: { nav: { label: 'Products', order: 50 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<ProductsSearch> => ({
    ...tableSearch(search),
    q: text(search.q),
    status: oneOf(search.status, PRODUCT_STATUSES),
    category: text(search.category, 120),
    order: oneOf(search.order, PRODUCT_SORTS),
  }),
  component: lazyRouteComponent(() => import('./ProductsPage'), 'ProductsPage'),
});

export const productRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'products/$id',
  component: lazyRouteComponent(() => import('./ProductPage'), 'ProductPage'),
});

export const productRoutes = [productsRoute, productRoute];
