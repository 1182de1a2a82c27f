import type { paths } from '../../api/schema.js';

type OrderStatus = NonNullable<NonNullable<paths['/api/orders']['get']['parameters']['query']>['status']>;

/** The order statuses the API filters by, in the order an order goes through them. */
export const ORDER_STATUSES = [
  'pending',
  'confirmed',
  'processing',
  'partially_shipped',
  'shipped',
  'delivered',
  'cancelled',
] as const satisfies readonly OrderStatus[];
