/** The HTTP contracts of supplier performance. */
import { Type } from 'typebox';
import { Timestamp } from '../http/schemas.js';
import { SORTS } from './repository.js';

const Rate = Type.Union([Type.String({ description: 'a share from 0 to 1, 4 decimals' }), Type.Null()]);
const Hours = Type.Union([Type.String({ description: 'hours, 2 decimals' }), Type.Null()]);
const At = Type.Union([Timestamp, Type.Null()]);

export const PeriodQuery = Type.String({
  pattern: '^([0-9]+d|[0-9]{4}-[0-9]{2})$',
  default: '30d',
  description: 'a rolling window ending today (7d, 30d, 90d) or a calendar month (2026-11)',
  'x-message': 'must be 7d, 30d, 90d or a month like 2026-11',
});

export const PerformanceFigures = Type.Object(
  {
    supplierId: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    period: Type.Object({
      kind: Type.Union([Type.Literal('rolling'), Type.Literal('month')]),
      label: Type.String(),
      start: Type.String({ format: 'date' }),
      end: Type.String({ format: 'date' }),
    }),
    ordersCount: Type.Integer({ description: 'supplier orders sent to the supplier in the period' }),
    itemsOrdered: Type.Integer(),
    itemsShipped: Type.Integer(),
    fillRate: Rate,
    acceptanceRate: Rate,
    onTimeShipRate: Rate,
    meanHandlingHours: Hours,
    p90HandlingHours: Hours,
    meanAckHours: Hours,
    cancellationRate: Rate,
    meanTrackingUploadHours: Hours,
    rating: Type.Union([Type.String({ description: '0.00 to 5.00' }), Type.Null()]),
    rated: Type.Boolean({ description: 'false: too few orders, the neutral rating 2.50' }),
    computedAt: Timestamp,
  },
  { title: 'SupplierPerformance' },
);

export const OrderFacts = Type.Object(
  {
    id: Type.Integer(),
    orderNumber: Type.String(),
    status: Type.String(),
    createdAt: Timestamp,
    submittedAt: At,
    acknowledgedAt: At,
    shippedAt: At,
    shipBy: At,
    itemsOrdered: Type.Integer(),
    itemsShipped: Type.Integer(),
    accepted: Type.Boolean(),
    rejected: Type.Boolean(),
    supplierCancelled: Type.Boolean(),
    onTime: Type.Union([Type.Boolean(), Type.Null()]),
    handlingHours: Hours,
    ackHours: Hours,
    trackingUploadHours: Hours,
  },
  { title: 'SupplierOrderFacts' },
);

export const SortQuery = Type.Union(
  (Object.keys(SORTS) as (keyof typeof SORTS)[]).map((s) => Type.Literal(s)),
  { default: 'rating' },
);

export const RecomputeResult = Type.Object({
  rows: Type.Integer({ description: 'supplier_performance rows written' }),
  ms: Type.Integer(),
});

export const WeeklyQuery = Type.Object(
  {
    weeks: Type.Integer({ minimum: 1, maximum: 104, default: 12, description: 'this week and the ones before it' }),
    supplierId: Type.Optional(Type.Integer({ minimum: 1, description: 'only this supplier' })),
  },
  { additionalProperties: false },
);

export const WeeklySeries = Type.Object(
  {
    weeks: Type.Array(Type.String({ format: 'date', description: 'the Monday each week starts on (UTC)' })),
    items: Type.Array(
      Type.Object({
        supplierId: Type.Integer(),
        code: Type.String(),
        name: Type.String(),
        weeks: Type.Array(
          Type.Object({
            week: Type.String({ format: 'date' }),
            orders: Type.Integer({ description: 'supplier orders sent, created in the week' }),
            onTimeShipRate: Rate,
            meanHandlingHours: Hours,
          }),
        ),
      }),
    ),
  },
  { title: 'WeeklySupplierPerformance' },
);
