/** /admin/supplier-orders: the work queue of supplier orders, by supplier, status and customer order. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { oneOf, tableSearch, text, whole, type SearchOf, type TableSearch } from '../../search';
import { adminRoute } from '../route';
import { SUPPLIER_ORDER_STATUSES } from './offer';

/** The columns the API sorts the queue by (each also descending, as `<key>_desc`). */
export const QUEUE_SORTS = ['created_at', 'ship_by', 'status', 'supplier', 'order'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

interface QueueSearch extends TableSearch<QueueSort> {
  supplierId: number;
  status: (typeof SUPPLIER_ORDER_STATUSES)[number];
  orderNumber: string;
  /** The supplier order opened below the table. */
  open: number;
}

export const supplierOrdersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'supplier-orders',
  staticData: { nav: { label: 'Supplier orders', order: 25 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<QueueSearch> => ({
    ...tableSearch(search, QUEUE_SORTS),
    supplierId: whole(search.supplierId),
    status: oneOf(search.status, SUPPLIER_ORDER_STATUSES),
    orderNumber: text(search.orderNumber, 64),
    open: whole(search.open),
  }),
  component: lazyRouteComponent(() => import('./SupplierOrdersPage'), 'SupplierOrdersPage'),
});

export const supplierOrderRoutes = [supplierOrdersRoute];
