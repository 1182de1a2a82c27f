/** /admin/orders: the shop's orders, newest first, filtered by status, customer e-mail and day. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { day, oneOf, tableSearch, text, type SearchOf, type TableSearch } from '../../search';
import { adminRoute } from '../route';
import { ORDER_STATUSES } from './statuses';

interface OrdersSearch extends TableSearch {
  status: (typeof ORDER_STATUSES)[number];
  email: string;
  from: string;
  to: string;
}

export const ordersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'orders',
  staticData: { nav: { label: 'Orders', order: 20 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<OrdersSearch> => ({
    ...tableSearch(search),
    status: oneOf(search.status, ORDER_STATUSES),
    email: text(search.email, 320),
    from: day(search.from),
    to: day(search.to),
  }),
  component: lazyRouteComponent(() => import('./OrdersPage'), 'OrdersPage'),
});

export const orderRoutes = [ordersRoute];
