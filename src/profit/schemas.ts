/** Response and query schemas of profit: an order's lines, and the report over a date range. */
import { Type, type Static } from 'typebox';
import { Timestamp } from '../http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T, options: { description?: string } = {}) =>
  Type.Union([t, Type.Null()], options);
const Amount = (description: string) => Type.String({ description, examples: ['12.3400'] });

/** What an order line earns (line-profit.ts computes it: LineProfit). */
export const ProfitFigures = Type.Object({
  revenue: Amount('unit price x quantity, VAT included (the shop prices gross; no discounts in the order model)'),
  cost: Nullable(Amount('unit cost of the source x quantity; null: the own cost is unknown')),
  feeShare: Amount("share of the supplier order's per-order fee, by revenue (0.00 for own stock)"),
  shippingShare: Amount("share of the supplier order's shipping cost, by revenue (0.00 for own stock)"),
  margin: Nullable(Amount('revenue - cost - fee share - shipping share; null when the cost is unknown')),
  marginPercent: Nullable(Amount('margin / revenue x 100; null without revenue or cost')),
});

export const ALLOCATION_PROFIT_STATES = ['allocated', 'partly_allocated', 'not_allocated', 'not_recorded'] as const;

const AllocationProfit = Type.Object({
  allocationId: Type.Integer(),
  quantity: Type.Integer(),
  kind: Type.Union([Type.Literal('own'), Type.Literal('supplier')]),
  source: Type.String({ description: 'the own stock source or the supplier (code)' }),
  supplierOrderId: Nullable(Type.Integer()),
  status: Type.String({ description: 'reserved, shipped, ordered: in effect; rerouted, released, cancelled: history' }),
  inEffect: Type.Boolean(),
  replacesAllocationId: Nullable(Type.Integer()),
  recordedAt: Timestamp,
  profit: Nullable(ProfitFigures, { description: 'null: allocated before profit was recorded (migration 014)' }),
});

export const OrderLineProfit = Type.Object({
  orderItemId: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Type.String(),
  state: Type.Enum(ALLOCATION_PROFIT_STATES, {
    description:
      'allocated: every unit has a source; partly_allocated: some units have none; not_allocated: no unit has a ' +
      'source (no figures, never 0); not_recorded: allocated before profit was recorded',
  }),
  note: Nullable(Type.String({ description: 'why the line is not (fully) counted' })),
  allocatedQuantity: Type.Integer(),
  profit: Nullable(ProfitFigures, { description: 'over the allocations in effect; null unless (partly) allocated' }),
  allocations: Type.Array(AllocationProfit, { description: 'in effect and history (what a re-route replaced)' }),
});
export type OrderLineProfitView = Static<typeof OrderLineProfit>;

export const OrderProfit = Type.Object({
  orderNumber: Type.String(),
  status: Type.String(),
  currency: Type.String(),
  placedAt: Timestamp,
  lines: Type.Array(OrderLineProfit),
  totals: Type.Object({
    profit: Nullable(ProfitFigures, { description: 'over the lines counted; null when none is' }),
    linesCounted: Type.Integer(),
    linesNotCounted: Type.Integer({ description: 'not allocated or not recorded: see each line' }),
  }),
});
export type OrderProfitView = Static<typeof OrderProfit>;

export const REPORT_GROUPS = ['supplier', 'category', 'product'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

export const ReportQuery = Type.Object(
  {
    from: Type.String({ description: 'first day (UTC), YYYY-MM-DD', examples: ['2026-11-01'] }),
    to: Type.String({ description: 'last day (UTC), YYYY-MM-DD, inclusive', examples: ['2026-11-30'] }),
    groupBy: Type.Enum(REPORT_GROUPS, { default: 'supplier' }),
  },
  { additionalProperties: false },
);

export const ReportRow = Type.Object({
  key: Type.String({ description: 'supplier code, "own stock", category slug or product SKU' }),
  label: Type.String(),
  orders: Type.Integer(),
  lines: Type.Integer(),
  units: Type.Integer(),
  revenue: Nullable(Type.String(), { description: 'null: no allocation of the group has recorded figures' }),
  cost: Nullable(Type.String(), { description: 'of the allocations with a known cost; null: none has one' }),
  feeShare: Nullable(Type.String()),
  shippingShare: Nullable(Type.String()),
  margin: Nullable(Type.String(), { description: 'of the allocations with a known cost; null: none has one' }),
  marginPercent: Nullable(Type.String({ description: 'margin / revenue of the allocations with a known cost' })),
  unitsWithoutCost: Type.Integer({ description: 'own stock without a known cost: in revenue, not in margin' }),
  unitsNotRecorded: Type.Integer({ description: 'allocated before profit was recorded: in no figure' }),
});
export type ReportRowView = Static<typeof ReportRow>;

export const ProfitReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: Type.String(),
  rows: Type.Array(ReportRow),
});
export type ProfitReportView = Static<typeof ProfitReport>;
