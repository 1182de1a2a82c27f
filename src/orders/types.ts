/** Orders as the API takes and shows them. Amounts are decimal strings computed in SQL. */
import type { OrderStatus } from '../db/types.js';

export type { OrderStatus };

export interface OrderLineInput {
  sku?: string | undefined;
  productId?: number | undefined;
  quantity: number;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, e.g. DE. */
  country: string;
}

export interface OrderInput {
  items: OrderLineInput[];
  customer: { email: string; name: string };
  shippingAddress: Address;
}

export interface OrderItem {
  id: number;
  productId: number;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
}

export interface Order {
  id: number;
  number: string;
  status: OrderStatus;
  email: string;
  customerName: string | null;
  currency: string;
  subtotal: string;
  shippingTotal: string;
  taxTotal: string;
  total: string;
  shippingAddress: Address;
  items: OrderItem[];
  placedAt: string;
}

export type OrderSummary = Omit<Order, 'items' | 'shippingAddress'> & { itemCount: number };

export interface OrderQuery {
  status?: OrderStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  email?: string | undefined;
  limit: number;
  offset: number;
}

export interface ShippingRule {
  flatFee: string;
  freeOver: string | undefined;
}
