/**
 * /admin/catalog-imports: upload a supplier's feed and read its report, the history of every
 * supplier's imports (filtered), one import's rejected rows, and a supplier's unlinked items.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { oneOf, tableSearch, whole, type SearchOf, type TableSearch } from '../../search';
import { adminRoute } from '../route';

export const IMPORT_STATUSES = ['running', 'completed', 'refused', 'failed'] as const;

interface ImportsSearch extends TableSearch {
  supplier: number;
  status: (typeof IMPORT_STATUSES)[number];
  /** The import whose rejected rows are open. */
  report: number;
  /** The page of the unlinked items. */
  unlinkedPage: number;
}

export const catalogImportsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'catalog-imports',
  staticData: { nav: { label: 'Catalog imports', order: 45 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<ImportsSearch> => ({
    ...tableSearch(search),
    supplier: whole(search.supplier),
    status: oneOf(search.status, IMPORT_STATUSES),
    report: whole(search.report),
    unlinkedPage: whole(search.unlinkedPage, 2),
  }),
  component: lazyRouteComponent(() => import('./CatalogImportsPage'), 'CatalogImportsPage'),
});

export const catalogImportRoutes = [catalogImportsRoute];
