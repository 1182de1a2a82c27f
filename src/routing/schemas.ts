/**
 * The routing decision as the API shows it: the route preview, and each order line's decision as
 * it was recorded. A recorded decision is kept as it was written, so fields that later versions
 * of the rules added are optional here: an old decision still reads, and a client never guesses.
 */
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Allocation = Type.Object({
  source: Type.String(),
  kind: Type.Union([Type.Literal('own'), Type.Literal('supplier')]),
  quantity: Type.Integer(),
  unitCost: Nullable(Type.String()),
});

const MarginCheckSchema = Type.Object({
  price: Type.String({ description: 'the selling price of the line' }),
  landedUnitCost: Nullable(Type.String({ description: 'own cost, or the landed cost of one unit alone' })),
  minMarginPercent: Type.String(),
  maxUnitCost: Type.String({ description: 'the most a unit may cost to keep the minimum margin' }),
  keepsMargin: Type.Boolean(),
});

export const CandidateSchema = Type.Object({
  kind: Type.Union([Type.Literal('own'), Type.Literal('supplier')]),
  source: Type.String(),
  available: Type.Integer(),
  unitCost: Nullable(Type.String()),
  landedCost: Type.Optional(Type.String()),
  leadDays: Type.Optional(Type.Integer()),
  rating: Type.Optional(Nullable(Type.String())),
  priority: Type.Integer(),
  margin: Type.Optional(MarginCheckSchema),
  rejected: Type.Optional(Type.String({ description: 'why it could not be used' })),
  won: Type.Optional(Type.Boolean({ description: 'it fills (part of) the line' })),
  lost: Type.Optional(Type.String({ description: 'why it lost: rejected, stock short, or the rule it lost on' })),
});

const decisionFields = {
  rule: Type.String({ description: 'own_stock, supplier or split' }),
  reason: Type.String({ description: 'the winner and why it beat the runner-up' }),
  allocations: Type.Array(Allocation),
  candidates: Type.Array(CandidateSchema, { description: 'every source considered, with why it lost' }),
};

/** A line's recorded decision; a re-routed line also says where it moved from and why. */
export const RecordedDecisionSchema = Type.Object({
  ...decisionFields,
  moved: Type.Optional(
    Type.Object({
      from: Type.Object({
        supplierOrderId: Type.Integer(),
        supplier: Type.String(),
        status: Type.String(),
        reason: Nullable(Type.String()),
      }),
      source: Type.String({ description: 'operator or system' }),
      by: Type.String(),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const RoutePreviewSchema = Type.Object({
  routable: Type.Boolean(),
  lines: Type.Array(
    Type.Object({ line: Type.Integer(), sku: Type.String(), quantity: Type.Integer(), ...decisionFields }),
  ),
  unroutable: Type.Array(
    Type.Object({
      line: Type.Integer(),
      sku: Type.String(),
      quantity: Type.Integer(),
      available: Type.Integer(),
      message: Type.String(),
    }),
  ),
});
