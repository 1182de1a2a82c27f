/** /admin/alerts: the alarms, open or resolved, by rule; acknowledge. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import type { paths } from '../../api/schema.js';
import { flag, oneOf, tableSearch, type SearchOf, type TableSearch } from '../../search';
import { adminRoute } from '../route';

type AlertQuery = NonNullable<paths['/api/alerts']['get']['parameters']['query']>;
type AlertRule = NonNullable<AlertQuery['rule']>;

export const ALERT_STATES = ['open', 'resolved', 'all'] as const satisfies readonly AlertQuery['state'][];
/** Every rule the API knows, in the operator's words (a rule added to the API fails the type check here). */
export const RULE_LABELS: Record<AlertRule, string> = {
  not_submitted: 'Not sent to the supplier',
  not_acknowledged: 'Not acknowledged by the supplier',
  not_shipped_by_ship_by: 'Not shipped by the ship-by date',
  no_tracking: 'Shipped without tracking',
  dispatch_failed: 'Dispatch failed',
  line_unfulfillable: 'Line cannot be fulfilled',
  stale_reservation: 'Stale reservation',
  stale_feed: 'Supplier feed is stale',
  rating_under_floor: 'Supplier rating under the floor',
};
export const ALERT_RULES = Object.keys(RULE_LABELS) as AlertRule[];

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
