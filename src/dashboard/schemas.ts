/** The dashboard's answer: the shop today, at a glance. Lists reuse their modules' schemas. */
import { Type, type Static } from 'typebox';
import { AlertSchema } from '../alerts/routes.js';
import { Money, Timestamp } from '../http/schemas.js';
import { StockRowSchema } from '../inventory/schemas.js';

export const DashboardQuery = Type.Object(
  {
    since: Type.Optional(
      Type.String({
        format: 'date-time',
        description: "start of the operator's day (the console sends local midnight); default: midnight UTC today",
      }),
    ),
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });

export const DashboardSchema = Type.Object(
  {
    since: Timestamp,
    orders: Type.Object({
      placed: Type.Integer({ description: 'orders placed since `since`, test orders left out' }),
      cancelled: Type.Integer({ description: 'of those, cancelled since' }),
      revenue: Type.Array(
        Type.Object({ currency: Type.String(), amount: Money({ description: 'order totals, cancelled left out' }) }),
        { description: 'one entry per currency; empty when nothing was sold' },
      ),
    }),
    supplierOrders: Type.Array(Type.Object({ status: Type.String(), count: Count }), {
      description: 'every status that has supplier orders, in the order of the lifecycle',
    }),
    openAlerts: Type.Object({ total: Count, latest: Type.Array(AlertSchema) }),
    catalogImports: Type.Array(
      Type.Object({
        id: Type.Integer(),
        supplierCode: Type.String(),
        supplierName: Type.String(),
        status: Type.String(),
        inserted: Count,
        updated: Count,
        unchanged: Count,
        rejected: Count,
        message: Type.Union([Type.String(), Type.Null()]),
        startedAt: Timestamp,
        finishedAt: Type.Union([Timestamp, Type.Null()]),
      }),
      { description: 'the last imports of all suppliers, newest first' },
    ),
    lowStock: Type.Object({ total: Count, items: Type.Array(StockRowSchema) }),
  },
  { title: 'Dashboard' },
);

export type Dashboard = Static<typeof DashboardSchema>;
