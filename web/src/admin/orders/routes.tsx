/**
 * /admin/orders: the shop's orders, filtered by status, customer, supplier and day, sorted by the
 * server; /admin/orders/$number: one order with its routing, supplier orders and actions.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { day, oneOf, tableSearch, text, whole, type SearchOf, type TableSearch } from '../../search';
import { adminRoute } from '../route';
import { ORDER_STATUSES } from './statuses';

/** The columns the API sorts orders by (each also descending, as `<key>_desc`). */
export const ORDER_SORTS = ['placed_at', 'number', 'total', 'status', 'email'] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];

interface OrdersSearch extends TableSearch<OrderSort> {
  status: (typeof ORDER_STATUSES)[number];
  /** Part of the customer's e-mail address or name. */
  customer: string;
  supplierId: number;
  from: string;
  to: string;
}

export const ordersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'orders',
  staticData: { nav: { label: 'Orders', order: 20 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<OrdersSearch> => ({
    ...tableSearch(search, ORDER_SORTS),
    status: oneOf(search.status, ORDER_STATUSES),
    customer: text(search.customer, 320),
    supplierId: whole(search.supplierId),
    from: day(search.from),
    to: day(search.to),
  }),
  component: lazyRouteComponent(() => import('./OrdersPage'), 'OrdersPage'),
});

export const orderRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'orders/$number',
  component: lazyRouteComponent(() => import('./OrderPage'), 'OrderPage'),
});

export const orderRoutes = [ordersRoute, orderRoute];
