/** /admin/suppliers: the suppliers, by status and name or code. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { oneOf, tableSearch, text, type SearchOf, type TableSearch } from '../../search';
import type { paths } from '../../api/schema.js';
import { adminRoute } from '../route';

type SupplierStatus = NonNullable<NonNullable<paths['/api/suppliers']['get']['parameters']['query']>['status']>;
export const SUPPLIER_STATUSES = ['active', 'paused', 'archived'] as const satisfies readonly SupplierStatus[];

interface SuppliersSearch extends TableSearch {
  status: (typeof SUPPLIER_STATUSES)[number];
  q: string;
}

export const suppliersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'suppliers',
  staticData: { nav: { label: 'Suppliers', order: 40 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<SuppliersSearch> => ({
    ...tableSearch(search),
    status: oneOf(search.status, SUPPLIER_STATUSES),
    q: text(search.q),
  }),
  component: lazyRouteComponent(() => import('./SuppliersPage'), 'SuppliersPage'),
});

export const supplierRoutes = [suppliersRoute];
