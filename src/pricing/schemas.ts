/** TypeBox schemas of the pricing routes. */
import { Type } from 'typebox';
import { Cost, Money, Timestamp } from '../http/schemas.js';

const Percent = (description: string) =>
  Type.String({
    pattern: '^[0-9]{1,4}(\\.[0-9]{1,2})?$',
    'x-message': 'must be a percentage as a decimal string like "40" or "12.5"',
    description,
  });
const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', 'x-message': 'must not be blank' }),
  description: Nullable(Type.String({ maxLength: 2000 })),
  scope: Type.Union(
    [Type.Literal('all'), Type.Literal('category'), Type.Literal('supplier'), Type.Literal('cost_range')],
    {
      description:
        'all: every cost; category: products of the category and its subcategories; supplier: costs from that supplier; cost_range: minCost <= cost < maxCost',
    },
  ),
  categoryId: Nullable(Id),
  supplierId: Nullable(Id),
  minCost: Nullable(Cost()),
  maxCost: Nullable(Cost()),
  priority: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'lower number = tried first' }),
  markupType: Type.Union([Type.Literal('percent'), Type.Literal('fixed'), Type.Literal('multiplier')]),
  markupValue: Type.String({
    pattern: '^[0-9]{1,8}(\\.[0-9]{1,4})?$',
    'x-message': 'must be a decimal string like "40" (percent), "2.50" (fixed) or "1.8" (multiplier)',
  }),
  minMarginPercent: Percent('the price is never below cost / (1 - minMarginPercent / 100)'),
  rounding: Type.Union(
    [Type.Literal('none'), Type.Literal('0.99'), Type.Literal('0.95'), Type.Literal('0.90'), Type.Literal('whole')],
    { description: 'rounded UP to this ending' },
  ),
  compareAtMarkupPercent: Nullable(Percent('compare-at ("was") price = price + this percentage; null: none')),
  isActive: Type.Boolean(),
};

export const PricingRuleSchema = Type.Object({
  id: Id,
  ...RuleFields,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateRuleBody = Type.Object(
  {
    name: RuleFields.name,
    scope: RuleFields.scope,
    markupType: RuleFields.markupType,
    markupValue: RuleFields.markupValue,
    description: Type.Optional(RuleFields.description),
    categoryId: Type.Optional(RuleFields.categoryId),
    supplierId: Type.Optional(RuleFields.supplierId),
    minCost: Type.Optional(RuleFields.minCost),
    maxCost: Type.Optional(RuleFields.maxCost),
    priority: Type.Optional(RuleFields.priority),
    minMarginPercent: Type.Optional(RuleFields.minMarginPercent),
    rounding: Type.Optional(RuleFields.rounding),
    compareAtMarkupPercent: Type.Optional(RuleFields.compareAtMarkupPercent),
    isActive: Type.Optional(RuleFields.isActive),
  },
  { additionalProperties: false },
);

export const UpdateRuleBody = Type.Partial(Type.Object(RuleFields), { additionalProperties: false, minProperties: 1 });

export const RuleChangeSchema = Type.Object({
  rule: PricingRuleSchema,
  repriced: Type.Integer({ description: 'products whose price changed' }),
});

export const RepricedSchema = Type.Object({ repriced: Type.Integer({ description: 'products whose price changed' }) });

export const RuleProposalBody = Type.Object(
  {
    ruleId: Type.Optional(Id),
    rule: Type.Optional(CreateRuleBody),
  },
  {
    additionalProperties: false,
    description:
      'a rule change not saved yet: rule alone is a new rule; ruleId and rule the stored rule changed to rule; ' +
      'ruleId alone that rule removed',
  },
);

export const PreviewBody = Type.Object(
  {
    cost: Cost({ description: 'cost per unit' }),
    categoryId: Type.Optional(Id),
    supplierId: Type.Optional(Id),
    proposal: Type.Optional(RuleProposalBody),
  },
  { additionalProperties: false },
);

export const RuleImpactSchema = Type.Object({
  priced: Type.Integer({ description: 'products a reprice looks at (not locked, not archived, with a cost basis)' }),
  moved: Type.Integer({ description: 'products whose price or compare-at price would change' }),
  raised: Type.Integer(),
  lowered: Type.Integer(),
  largestRise: Type.Union([Money(), Type.Null()]),
  largestDrop: Type.Union([Money(), Type.Null()]),
  meanChangePercent: Type.Union([Type.String({ description: 'of the prices that change, two decimals' }), Type.Null()]),
  examples: Type.Array(
    Type.Object({
      productId: Id,
      sku: Type.String(),
      name: Type.String(),
      oldPrice: Money(),
      newPrice: Money(),
      ruleName: Type.String(),
    }),
    { description: 'the largest moves, at most 10' },
  ),
});

const Outcome = Type.Object({
  ruleId: Id,
  ruleName: Type.String(),
  scope: Type.String(),
  priority: Type.Integer(),
  price: Money(),
  compareAtPrice: Type.Union([Money(), Type.Null()]),
});

export const PreviewSchema = Type.Object({
  cost: Cost(),
  price: Money(),
  compareAtPrice: Type.Union([Money(), Type.Null()]),
  marginPercent: Type.String({ description: '(price - cost) / price, in percent' }),
  rule: Outcome,
  matchingRules: Type.Array(Outcome, { description: 'every active rule that matches, the winner first' }),
});

const Source = Type.Object({
  kind: Type.Union([Type.Literal('own'), Type.Literal('supplier')]),
  source: Type.String(),
  units: Type.Integer(),
  unitCost: Type.Union([Type.String(), Type.Null()]),
  landedUnitCost: Type.Union([Type.String(), Type.Null()], {
    description: 'own cost, or the cost of one unit ordered alone from the supplier with its fee and shipping',
  }),
  minMarginPercent: Type.String(),
  maxUnitCost: Type.String({ description: 'price x (1 - minimum margin): the most a unit may cost' }),
  keepsMargin: Type.Boolean(),
  offered: Type.Boolean({ description: "counted in the storefront's available quantity at the current price" }),
  notOffered: Type.Optional(Type.String()),
});

const Change = Type.Object({
  oldPrice: Money(),
  newPrice: Money(),
  oldCompareAtPrice: Type.Union([Money(), Type.Null()]),
  newCompareAtPrice: Type.Union([Money(), Type.Null()]),
  costBasis: Cost(),
  basisSource: Type.String(),
  ruleName: Type.String(),
  reason: Type.String(),
  changedAt: Timestamp,
});

export const PricingExplanationSchema = Type.Object({
  productId: Id,
  sku: Type.String(),
  price: Money(),
  compareAtPrice: Type.Union([Money(), Type.Null()]),
  priceLocked: Type.Boolean(),
  availableQuantity: Type.Integer({ description: 'units the storefront sells at the current price' }),
  sources: Type.Array(Source),
  basis: Type.Union([Type.Object({ source: Type.String(), cost: Cost() }), Type.Null()], {
    description: 'the cost a reprice takes now, and where it comes from',
  }),
  rule: Type.Union([
    Type.Object({ id: Id, name: Type.String(), description: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  rulePrice: Type.Union([Money(), Type.Null()], { description: 'the price the winning rule gives for the basis' }),
  changes: Type.Array(Change, { description: 'price changes, newest first (at most 50)' }),
});

export const PricingOverviewQuery = Type.Object(
  { id: Type.Array(Id, { minItems: 1, maxItems: 100, description: 'product ids: ?id=1&id=2' }) },
  { additionalProperties: false },
);

export const PricingOverviewSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      productId: Id,
      price: Money(),
      basis: Type.Union([Type.Object({ source: Type.String(), cost: Cost() }), Type.Null()]),
      marginPercent: Type.Union([
        Type.String({ description: '(price - basis cost) / price, in percent; negative: sold under the basis' }),
        Type.Null(),
      ]),
      availableQuantity: Type.Integer({ description: 'units the storefront sells at the current price' }),
      sources: Type.Array(Source),
    }),
  ),
});
