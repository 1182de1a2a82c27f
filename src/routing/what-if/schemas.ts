/**
 * The routing what-if as the API takes and answers it: a range of placement dates and one changed
 * setting (a union on `kind`), and the replay's answer: the moves and the deltas.
 */
import { Type, type Static } from 'typebox';
import { Cost, Money } from '../../http/schemas.js';
import { ShippingCostRuleSchema } from '../../suppliers/schemas.js';

const Day = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    format: 'date',
    'x-message': 'must be a date like 2026-11-01',
    description,
  });

const SupplierCode = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$',
  'x-message': 'must be a supplier code, e.g. ACME',
  description: 'the supplier, by code',
});

const Decimal = (description: string, pattern = '^[0-9]{1,8}(\\.[0-9]{1,4})?$') =>
  Type.String({ pattern, 'x-message': 'must be a decimal string like "2.50"', description });

const changeOf = <K extends string, P extends Parameters<typeof Type.Object>[0]>(
  kind: K,
  properties: P,
  description: string,
) => Type.Object({ kind: Type.Literal(kind), ...properties }, { additionalProperties: false, description });

export const WhatIfChangeSchema = Type.Union([
  changeOf('supplier_paused', { supplier: SupplierCode }, 'the supplier takes no orders'),
  changeOf('supplier_fee', { supplier: SupplierCode, perOrderFee: Money() }, "the supplier's per-order fee"),
  changeOf(
    'supplier_shipping',
    { supplier: SupplierCode, shippingRule: ShippingCostRuleSchema },
    "the supplier's shipping cost rule",
  ),
  changeOf(
    'rating_floor',
    {
      floor: Type.Union([
        Decimal('0.00 to 5.00; null: no floor', '^[0-5](\\.[0-9]{1,2})?$'),
        Type.Null({ description: 'no floor' }),
      ]),
    },
    'suppliers rated under the floor (from enough orders) are skipped',
  ),
  changeOf(
    'pricing_rule',
    {
      ruleId: Type.Integer({ minimum: 1, maximum: 9007199254740991 }),
      markupType: Type.Optional(
        Type.Union([Type.Literal('percent'), Type.Literal('fixed'), Type.Literal('multiplier')]),
      ),
      markupValue: Type.Optional(Decimal('the markup: percent, fixed amount or multiplier')),
      minMarginPercent: Type.Optional(Decimal('the minimum margin in percent', '^[0-9]{1,2}(\\.[0-9]{1,2})?$')),
      rounding: Type.Optional(
        Type.Union([
          Type.Literal('none'),
          Type.Literal('0.99'),
          Type.Literal('0.95'),
          Type.Literal('0.90'),
          Type.Literal('whole'),
        ]),
      ),
    },
    "a pricing rule's markup, minimum margin or rounding",
  ),
]);

export type WhatIfChange = Static<typeof WhatIfChangeSchema>;

export const WhatIfBody = Type.Object(
  {
    from: Day('first day of placement (UTC), included'),
    to: Day('last day of placement (UTC), included'),
    change: WhatIfChangeSchema,
  },
  { additionalProperties: false },
);

export type WhatIfRequest = Static<typeof WhatIfBody>;

const Totals = Type.Object({
  lines: Type.Integer({ description: 'lines some source fills' }),
  unfulfillable: Type.Integer({ description: 'lines nothing can fill: not sold, no revenue, no cost' }),
  revenue: Cost(),
  cost: Cost({ description: 'goods, and the shares of each supplier order’s fee and shipping (by revenue)' }),
  margin: Type.String({ description: 'revenue - cost, may be negative' }),
  unknownCostLines: Type.Integer({ description: 'own-stock lines without a cost price, counted at 0' }),
  leadDays: Type.Integer({ description: 'sum over the filled lines of the days until the slowest source ships' }),
});

const Delta = (description: string) => Type.String({ description, examples: ['-12.5000'] });

export const WhatIfResultSchema = Type.Object({
  range: Type.Object({ from: Type.String(), to: Type.String() }),
  change: WhatIfChangeSchema,
  orders: Type.Integer(),
  lines: Type.Integer({ description: 'order lines replayed' }),
  maxOrders: Type.Integer({ description: 'the most orders one what-if replays' }),
  assumptions: Type.Array(Type.String(), { description: 'what the replay assumes (stock, lead time)' }),
  moved: Type.Integer({ description: 'lines whose source changes' }),
  moves: Type.Array(
    Type.Object({
      from: Type.String({ description: 'source(s) as is; "unfulfillable" when nothing fills it' }),
      to: Type.String(),
      lines: Type.Integer(),
      units: Type.Integer(),
    }),
    { description: 'lines that move, by source as is and with the change, most lines first' },
  ),
  asIs: Totals,
  withChange: Totals,
  delta: Type.Object({
    revenue: Delta('with the change - as is'),
    cost: Delta('with the change - as is'),
    margin: Delta('with the change - as is'),
    leadDays: Type.Integer({ description: 'over the lines filled both ways' }),
    perLine: Type.Object(
      {
        cost: Delta('cost delta / lines replayed'),
        margin: Delta('margin delta / lines replayed'),
        leadDays: Delta('lead time delta / lines filled both ways, in days'),
      },
      { description: 'averages, 4 decimals' },
    ),
  }),
  examples: Type.Array(
    Type.Object({
      order: Type.String(),
      line: Type.Integer(),
      sku: Type.String(),
      from: Type.String(),
      to: Type.String(),
      reason: Type.String({ description: 'why the line goes where it goes with the change' }),
    }),
    { description: 'the first moved lines (at most 20), with the planner’s reason' },
  ),
});

export type WhatIfResult = Static<typeof WhatIfResultSchema>;
