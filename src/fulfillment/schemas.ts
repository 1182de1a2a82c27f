/** TypeBox schemas of supplier orders. */
import { Type, type Static } from 'typebox';

export const STATUSES = [
  'pending',
  'submitted',
  'acknowledged',
  'rejected',
  'partially_shipped',
  'shipped',
  'delivered',
  'cancel_requested',
  'cancelled',
  'failed',
] as const;

export const SupplierOrderStatusSchema = Type.Enum(STATUSES);

/** The work queue's sort orders: a column ascending, or descending with _desc. */
export const SUPPLIER_ORDER_SORTS = [
  'created_at',
  'created_at_desc',
  'ship_by',
  'ship_by_desc',
  'status',
  'status_desc',
  'supplier',
  'supplier_desc',
  'order',
  'order_desc',
] as const;
export type SupplierOrderSort = (typeof SUPPLIER_ORDER_SORTS)[number];

export const SupplierOrder = Type.Object({
  id: Type.Integer(),
  orderNumber: Type.String(),
  supplierId: Type.Integer(),
  supplierCode: Type.String(),
  supplierName: Type.String(),
  status: SupplierOrderStatusSchema,
  method: Type.String(),
  idempotencyKey: Type.String(),
  externalReference: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  subtotalCost: Type.String(),
  perOrderFee: Type.String(),
  shippingCost: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  shipBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  carrier: Type.Union([Type.String(), Type.Null()]),
  trackingNumber: Type.Union([Type.String(), Type.Null()]),
  trackingUrl: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  items: Type.Array(
    Type.Object({
      supplierSku: Type.String(),
      sku: Type.String(),
      name: Type.String(),
      quantity: Type.Integer(),
      unitCost: Type.String(),
      quantityShipped: Type.Integer(),
      quantityCancelled: Type.Integer(),
    }),
  ),
});

export type SupplierOrderView = Static<typeof SupplierOrder>;

/** How many supplier orders one supplier has in one status (the work queue's summary). */
export const SupplierOrderCount = Type.Object({
  supplierId: Type.Integer(),
  supplierCode: Type.String(),
  supplierName: Type.String(),
  status: SupplierOrderStatusSchema,
  count: Type.Integer(),
});

export type SupplierOrderCountView = Static<typeof SupplierOrderCount>;
