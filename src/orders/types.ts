/**
 * Orders as the API takes and shows them: the types are the TypeBox schemas' (schemas.ts), so
 * the validation, the OpenAPI document and the code agree. Amounts are decimal strings from SQL.
 */
import type { Static } from 'typebox';
import type { CreateOrderBody, OrderListQuery, OrderListSchema, OrderSchema, OrderStatusSchema } from './schemas.js';

export type OrderStatus = Static<typeof OrderStatusSchema>;
export type OrderInput = Static<typeof CreateOrderBody>;
export type OrderLineInput = OrderInput['items'][number];
export type Address = OrderInput['shippingAddress'];
export type Order = Static<typeof OrderSchema>;
export type OrderItem = Order['items'][number];
export type Shipment = Order['shipments'][number];
export type OrderSummary = Static<typeof OrderListSchema>['items'][number];

/** The list's filters; the route's query schema gives limit and offset their defaults. */
export type OrderQuery = Static<typeof OrderListQuery>;

/** The customer's shipping fee (config SHIPPING_FLAT_FEE, SHIPPING_FREE_OVER). */
export interface ShippingRule {
  flatFee: string;
  freeOver: string | undefined;
}
