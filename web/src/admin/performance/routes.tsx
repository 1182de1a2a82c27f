/** /admin/performance: every supplier side by side for a period, sorted; charts per week. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import type { paths } from '../../api/schema.js';
import { oneOf, type SearchOf } from '../../search';
import { adminRoute } from '../route';
import { PERIODS } from './periods';

type Sort = NonNullable<NonNullable<paths['/api/performance']['get']['parameters']['query']>['sort']>;
export const PERFORMANCE_SORTS = [
  'rating',
  'fillRate',
  'onTimeShipRate',
  'acceptanceRate',
  'cancellationRate',
  'meanHandlingHours',
  'orders',
  'code',
] as const satisfies readonly Sort[];

interface PerformanceSearch {
  period: (typeof PERIODS)[number];
  sort: (typeof PERFORMANCE_SORTS)[number];
  dir: 'asc' | 'desc';
}

export const performanceRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'performance',
  staticData: { nav: { label: 'Performance', order: 80 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<PerformanceSearch> => ({
    period: oneOf(search.period, PERIODS),
    sort: oneOf(search.sort, PERFORMANCE_SORTS),
    dir: oneOf(search.dir, ['asc', 'desc'] as const),
  }),
  component: lazyRouteComponent(() => import('./PerformancePage'), 'PerformancePage'),
});

export const performanceRoutes = [performanceRoute];
