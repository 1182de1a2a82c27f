/** Request and response schemas of the order routes. */
import { Type, type Static } from 'typebox';
import type { AllocationStatus } from '../db/types.js';
import { Timestamp } from '../http/schemas.js';
import { RecordedDecisionSchema } from '../routing/schemas.js';
import { ORDER_STATUSES } from './status.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const MAX_QUANTITY = 100;
export const MAX_LINES = 100;

export const OrderStatusSchema = Type.Enum(ORDER_STATUSES);

const Text = (max: number, description?: string) =>
  Type.String({
    minLength: 1,
    maxLength: max,
    pattern: '\\S',
    'x-message': 'must not be blank',
    ...(description ? { description } : {}),
  });

const AddressSchema = Type.Object(
  {
    name: Text(200),
    line1: Text(200),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Text(100),
    postalCode: Type.String({
      minLength: 2,
      maxLength: 16,
      pattern: '^[A-Za-z0-9][A-Za-z0-9 -]*$',
      'x-message': 'must be a postal code',
    }),
    country: Type.String({ pattern: '^[A-Z]{2}$', 'x-message': 'must be a 2-letter country code like DE' }),
  },
  { additionalProperties: false },
);

export const CreateOrderBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          productId: Type.Optional(Type.Integer({ minimum: 1 })),
          quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY, description: `1 to ${MAX_QUANTITY} per line` }),
        },
        { additionalProperties: false, description: 'name the product by sku or by productId' },
      ),
      { minItems: 1, maxItems: MAX_LINES },
    ),
    customer: Type.Object(
      { email: Type.String({ format: 'email', maxLength: 320 }), name: Text(200) },
      { additionalProperties: false },
    ),
    shippingAddress: AddressSchema,
  },
  { additionalProperties: false },
);

export const CreateOrderHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7e]+$',
      'x-message': 'must be 1 to 255 printable ASCII characters without spaces, e.g. a UUID',
      description: 'a retry with the same key and body returns the first order instead of a second one',
    }),
  ),
  'x-jne-test-order': Type.Optional(
    Type.Literal('true', {
      description:
        'staff only: a test order (the smoke test): placed and routed like any order, its supplier orders never sent',
    }),
  ),
});

const orderFields = {
  id: Type.Integer(),
  number: Type.String({ examples: ['JNE-2026-48213906'] }),
  status: OrderStatusSchema,
  email: Type.String(),
  customerName: Nullable(Type.String()),
  currency: Type.String(),
  subtotal: Type.String({ description: 'decimal string' }),
  shippingTotal: Type.String(),
  taxTotal: Type.String({ description: 'prices include VAT: 0.00 here' }),
  total: Type.String(),
  placedAt: Timestamp,
};

export const OrderSchema = Type.Object({
  ...orderFields,
  shippingAddress: AddressSchema,
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      productId: Type.Integer(),
      sku: Type.String(),
      name: Type.String(),
      quantity: Type.Integer(),
      unitPrice: Type.String(),
      lineTotal: Type.String(),
    }),
  ),
  shipments: Type.Array(
    Type.Object({
      carrier: Nullable(Type.String()),
      trackingNumber: Nullable(Type.String()),
      trackingUrl: Nullable(Type.String({ description: 'http or https' })),
      shippedAt: Nullable(Timestamp),
      delivered: Type.Boolean(),
      items: Type.Array(Type.Object({ sku: Type.String(), name: Type.String(), quantity: Type.Integer() })),
    }),
    { description: "the order's parcels: the suppliers' with their tracking, the shop's own without" },
  ),
});

export const OrderListSchema = Type.Object({
  items: Type.Array(Type.Object({ ...orderFields, itemCount: Type.Integer() })),
  total: Type.Integer(),
});

export const OrderNumberParam = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });

export const OrderLookupQuery = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320, description: 'required without a staff token' })),
  },
  { additionalProperties: false },
);

/** The orders list's sort orders: a column ascending, or descending with _desc. */
export const ORDER_SORTS = [
  'placed_at',
  'placed_at_desc',
  'number',
  'number_desc',
  'total',
  'total_desc',
  'status',
  'status_desc',
  'email',
  'email_desc',
] as const;

export const OrderListQuery = Type.Object(
  {
    status: Type.Optional(OrderStatusSchema),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'placed at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'placed before' })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320, description: 'the exact e-mail address' })),
    customer: Type.Optional(Text(320, "part of the customer's e-mail address or name, any case")),
    supplierId: Type.Optional(
      Type.Integer({ minimum: 1, description: 'orders with a supplier order to this supplier' }),
    ),
    sort: Type.Enum(ORDER_SORTS, { default: 'placed_at_desc', description: 'a column, ascending, or with _desc' }),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

/** Where an allocation's units are: own stock reserved, shipped or released; ordered from a supplier, cancelled or re-routed. */
const ALLOCATION_STATUSES = [
  'reserved',
  'shipped',
  'released',
  'ordered',
  'cancelled',
  'rerouted',
] as const satisfies readonly AllocationStatus[];

/** One allocation of an order line: where its units come from, and the routing decision. */
export const RoutingLine = Type.Object({
  id: Type.Integer({ description: 'the allocation' }),
  orderItemId: Type.Integer({ description: 'the order line it fills' }),
  sku: Type.String(),
  quantity: Type.Integer(),
  sourceType: Type.Union([Type.Literal('warehouse'), Type.Literal('3pl'), Type.Literal('supplier')]),
  source: Type.String(),
  status: Type.Union(ALLOCATION_STATUSES.map((s) => Type.Literal(s))),
  unitCost: Type.Union([Type.String(), Type.Null()]),
  supplierOrderId: Type.Union([Type.Integer(), Type.Null()]),
  decision: RecordedDecisionSchema,
});

export type RoutingLineView = Static<typeof RoutingLine>;

export const StatusEventSchema = Type.Object({
  from: OrderStatusSchema,
  to: OrderStatusSchema,
  cause: Type.String(),
  actor: Type.String(),
  at: Timestamp,
});

/** Where the lines of a re-routed supplier order went (POST /api/supplier-orders/:id/reroute). */
const RerouteSource = Type.Union([
  Type.Object({ kind: Type.Literal('own'), source: Type.String(), quantity: Type.Integer() }),
  Type.Object({
    kind: Type.Literal('supplier'),
    supplier: Type.String(),
    supplierOrderId: Type.Integer(),
    quantity: Type.Integer(),
  }),
]);

export const RerouteResultSchema = Type.Object({
  supplierOrderId: Type.Integer(),
  orderNumber: Type.String(),
  alreadyRerouted: Type.Boolean({
    description: 'true: an earlier re-route moved these lines; nothing was changed now',
  }),
  lines: Type.Array(
    Type.Object({
      orderItemId: Type.Integer(),
      sku: Type.String(),
      quantity: Type.Integer(),
      to: Type.Array(RerouteSource, { description: 'where the units go now; empty when nothing can fill the line' }),
      unfulfillable: Type.Optional(Type.String({ description: 'why nothing can fill the line' })),
    }),
  ),
});
