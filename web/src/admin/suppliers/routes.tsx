/**
 * /admin/suppliers: the suppliers, by status and name or code; /admin/suppliers/new; and
 * /admin/suppliers/:id with its settings, its catalog (searched, filtered) and its performance,
 * the tab and the filters in the URL.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { flag, oneOf, tableSearch, text, type SearchOf, type TableSearch } from '../../search';
import type { paths } from '../../api/schema.js';
import { PERIODS } from '../performance/periods';
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

export const newSupplierRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'suppliers/new',
  component: lazyRouteComponent(() => import('./NewSupplierPage'), 'NewSupplierPage'),
});

export const SUPPLIER_TABS = ['settings', 'catalog', 'performance'] as const;

interface SupplierSearch extends TableSearch {
  tab: (typeof SUPPLIER_TABS)[number];
  /** Catalog: search, only unlinked, only available or unavailable. */
  q: string;
  unlinked: true;
  available: 'yes' | 'no';
  period: (typeof PERIODS)[number];
}

export const supplierRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'suppliers/$id',
  validateSearch: (search: Record<string, unknown>): SearchOf<SupplierSearch> => ({
    ...tableSearch(search),
    tab: oneOf(search.tab, SUPPLIER_TABS),
    q: text(search.q),
    unlinked: flag(search.unlinked),
    available: oneOf(search.available, ['yes', 'no'] as const),
    period: oneOf(search.period, PERIODS),
  }),
  component: lazyRouteComponent(() => import('./SupplierPage'), 'SupplierPage'),
});

export const supplierRoutes = [suppliersRoute, newSupplierRoute, supplierRoute];
