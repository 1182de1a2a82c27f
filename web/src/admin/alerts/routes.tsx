/** /admin/alerts: the alarms, open or resolved, by rule; acknowledge. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import type { paths } from '../../api/schema.js';
import { flag, oneOf, tableSearch, type SearchOf, type TableSearch } from '../../search';
import { adminRoute } from '../route';

type AlertQuery = NonNullable<paths['/api/alerts']['get']['parameters']['query']>;
type AlertRule = NonNullable<AlertQuery['rule']>;

export const ALERT_STATES = ['open', 'resolved', 'all'] as const satisfies readonly AlertQuery['state'][];
export const ALERT_RULES = [
  'not_submitted',
  'not_acknowledged',
  'not_shipped_by_ship_by',
  'no_tracking',
  'dispatch_failed',
  'line_unfulfillable',
  'stale_reservation',
  'stale_feed',
  'rating_under_floor',
] as const satisfies readonly AlertRule[];

interface AlertsSearch extends TableSearch {
  state: (typeof ALERT_STATES)[number];
  rule: AlertRule;
  unacknowledged: true;
}

export const alertsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'alerts',
  staticData: { nav: { label: 'Alerts', order: 90 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<AlertsSearch> => ({
    ...tableSearch(search),
    state: oneOf(search.state, ALERT_STATES),
    rule: oneOf(search.rule, ALERT_RULES),
    unacknowledged: flag(search.unacknowledged),
  }),
  component: lazyRouteComponent(() => import('./AlertsPage'), 'AlertsPage'),
});

export const alertRoutes = [alertsRoute];
