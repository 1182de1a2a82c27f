/** TypeBox schemas of the inventory routes. */
import { Type } from 'typebox';
import { Timestamp } from '../http/schemas.js';

const Id = Type.Integer({ minimum: 1, maximum: 9007199254740991 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
/** A stock quantity: bounded well inside integer so sums never overflow. */
const Quantity = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000, description });

const SourceType = Type.Union([Type.Literal('warehouse'), Type.Literal('supplier'), Type.Literal('3pl')], {
  description: 'warehouse: own stock; 3pl: own stock at a logistics partner; supplier: dropshipped by a supplier',
});
const SourceCode = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$',
  'x-message': 'must be 1 to 32 letters, digits, _ or - (stored in capitals), e.g. MAIN',
});
const Note = Type.String({ maxLength: 1000 });

const SourceFields = {
  type: SourceType,
  code: SourceCode,
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', 'x-message': 'must not be blank' }),
  supplierId: Nullable(Id),
  priority: Type.Integer({
    minimum: -1_000_000,
    maximum: 1_000_000,
    description: 'routing tie-break: lower is preferred',
  }),
  isActive: Type.Boolean({ description: 'inactive sources are never routed to; sources are never deleted' }),
  address: Nullable(Type.Record(Type.String(), Type.Unknown())),
};

export const SourceSchema = Type.Object({ id: Id, ...SourceFields, createdAt: Timestamp, updatedAt: Timestamp });

export const SourceListQuery = Type.Object(
  { type: Type.Optional(SourceType), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const CreateSourceBody = Type.Object(
  {
    type: SourceFields.type,
    code: SourceFields.code,
    name: SourceFields.name,
    supplierId: Type.Optional(SourceFields.supplierId),
    priority: Type.Optional(SourceFields.priority),
    isActive: Type.Optional(SourceFields.isActive),
    address: Type.Optional(SourceFields.address),
  },
  { additionalProperties: false },
);

export const UpdateSourceBody = Type.Partial(Type.Object(SourceFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const StockRowSchema = Type.Object({
  id: Id,
  sourceId: Id,
  sourceCode: Type.String(),
  productId: Id,
  sku: Type.String(),
  productName: Type.String(),
  quantityOnHand: Type.Integer(),
  quantityReserved: Type.Integer({ description: 'held for placed orders, not yet shipped' }),
  quantityAvailable: Type.Integer({ description: 'on hand - reserved: what can still be sold' }),
  lowStockThreshold: Type.Integer(),
  isLowStock: Type.Boolean({ description: 'available <= lowStockThreshold' }),
  binLocation: Nullable(Type.String()),
  updatedAt: Timestamp,
});

export const StockListQuery = Type.Object(
  {
    sku: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    productId: Type.Optional(Id),
    sourceId: Type.Optional(Id),
    lowStock: Type.Optional(Type.Boolean({ description: 'true: only rows at or below their low-stock threshold' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const StockListSchema = Type.Object({ items: Type.Array(StockRowSchema), total: Type.Integer() });

// Spelled out (not mapped from MANUAL_REASONS) so the static types stay literal unions.
const ManualReason = Type.Union([
  Type.Literal('received'),
  Type.Literal('correction'),
  Type.Literal('damaged'),
  Type.Literal('returned'),
]);
const Reason = Type.Union([Type.Literal('set'), ...ManualReason.anyOf, Type.Literal('shipped')], {
  description: 'set: a stock count; shipped: an order left the warehouse; the others: manual adjustments',
});

export const AdjustmentSchema = Type.Object({
  id: Id,
  inventoryId: Id,
  quantityChange: Type.Integer(),
  quantityOnHandBefore: Type.Integer(),
  quantityOnHandAfter: Type.Integer(),
  reason: Reason,
  note: Nullable(Type.String()),
  orderId: Nullable(Id),
  actor: Type.String({ description: "who: a user's e-mail, an API token's name, 'jne stock set (os user)'" }),
  createdAt: Timestamp,
});

export const AdjustmentListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const StockChangeSchema = Type.Object({ stock: StockRowSchema, adjustment: AdjustmentSchema });

const Target = {
  sourceCode: Type.Optional(SourceCode),
  sku: Type.String({ minLength: 1, maxLength: 100 }),
};

export const SetStockBody = Type.Object(
  {
    ...Target,
    quantityOnHand: Quantity('the counted quantity on hand; never below what is reserved'),
    reason: Type.Optional(
      Type.Union([Type.Literal('set'), ...ManualReason.anyOf], { description: "default 'set' (a stock count)" }),
    ),
    note: Type.Optional(Nullable(Note)),
    lowStockThreshold: Type.Optional(Quantity('available at or below this is low stock')),
    binLocation: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { additionalProperties: false },
);

export const AdjustStockBody = Type.Object(
  {
    ...Target,
    change: Type.Integer({
      minimum: -1_000_000,
      maximum: 1_000_000,
      'x-message': 'must be a whole number of units other than 0, e.g. 5 or -2',
    }),
    reason: ManualReason,
    note: Type.Optional(Nullable(Note)),
  },
  { additionalProperties: false },
);
