/** The alarm rules by name, as the alerts table's CHECK lists them. */
import type { AlertRule } from '../db/types.js';

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
