/** The routing decision as the API shows it (the route preview). */
import { Type } from 'typebox';

const Allocation = Type.Object({
  source: Type.String(),
  kind: Type.Union([Type.Literal('own'), Type.Literal('supplier')]),
  quantity: Type.Integer(),
  unitCost: Type.Union([Type.String(), Type.Null()]),
});

export const RoutePreviewSchema = Type.Object({
  routable: Type.Boolean(),
  lines: Type.Array(
    Type.Object({
      line: Type.Integer(),
      sku: Type.String(),
      quantity: Type.Integer(),
      rule: Type.String({ description: 'own_stock, supplier or split' }),
      reason: Type.String({ description: 'the winner and why it beat the runner-up' }),
      allocations: Type.Array(Allocation),
      candidates: Type.Array(Type.Unknown(), { description: 'every source considered, with why it was rejected' }),
    }),
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
