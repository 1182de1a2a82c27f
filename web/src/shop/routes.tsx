/**
 * The storefront's routes. The catalog's filters, search and sort live in the URL (a reload or a
 * shared link shows the same products); the pages are in pages/.
 */
import { createRoute, Outlet } from '@tanstack/react-router';
import type { SortKey } from '../api';
import { CartPage } from '../pages/CartPage';
import { CatalogPage } from '../pages/CatalogPage';
import { CheckoutPage } from '../pages/CheckoutPage';
import { OrderConfirmationPage, OrderLookupPage } from '../pages/OrderPages';
import { ProductPage } from '../pages/ProductPage';
import { rootRoute } from '../rootRoute';
import { amount, flag, oneOf, text, whole, type SearchOf } from '../search';
import { ShopFrame } from './ShopFrame';

export const SORT_KEYS = ['newest', 'price', 'price_desc', 'name'] as const satisfies readonly SortKey[];

interface CatalogSearch {
  q: string;
  category: string;
  sort: (typeof SORT_KEYS)[number];
  inStock: true;
  minPrice: string;
  maxPrice: string;
  page: number;
}

const shopRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'shop',
  component: () => (
    <ShopFrame>
      <Outlet />
    </ShopFrame>
  ),
});

export const catalogRoute = createRoute({
  getParentRoute: () => shopRoute,
  path: '/',
  validateSearch: (search: Record<string, unknown>): SearchOf<CatalogSearch> => ({
    q: text(search.q),
    category: text(search.category),
    sort: oneOf(search.sort, SORT_KEYS),
    inStock: flag(search.inStock),
    minPrice: amount(search.minPrice),
    maxPrice: amount(search.maxPrice),
    page: whole(search.page, 2),
  }),
  component: CatalogPage,
});

export const productRoute = createRoute({
  getParentRoute: () => shopRoute,
  path: '/p/$slug',
  component: function Product() {
    const { slug } = productRoute.useParams();
    return <ProductPage key={slug} slug={slug} />;
  },
});

const cartRoute = createRoute({ getParentRoute: () => shopRoute, path: '/cart', component: CartPage });
const checkoutRoute = createRoute({ getParentRoute: () => shopRoute, path: '/checkout', component: CheckoutPage });

export const orderRoute = createRoute({
  getParentRoute: () => shopRoute,
  path: '/order/$number',
  component: function Order() {
    const { number } = orderRoute.useParams();
    return <OrderConfirmationPage key={number} number={number} />;
  },
});

export const orderLookupRoute = createRoute({
  getParentRoute: () => shopRoute,
  path: '/orders',
  validateSearch: (search: Record<string, unknown>): { number?: string } => ({ number: text(search.number, 60) }),
  component: function Lookup() {
    const { number } = orderLookupRoute.useSearch();
    return <OrderLookupPage initialNumber={number} />;
  },
});

export const shopTree = shopRoute.addChildren([
  catalogRoute,
  productRoute,
  cartRoute,
  checkoutRoute,
  orderRoute,
  orderLookupRoute,
]);
