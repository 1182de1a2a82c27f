/**
 * Table types for Kysely, one interface per table of database/migrations (001–005).
 * Conventions (see session.ts): bigint ids and counts are numbers, numeric (money, rates) is a
 * decimal string, date is 'YYYY-MM-DD', timestamptz is a Date, jsonb is parsed JSON.
 */
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

export type Id = GeneratedAlways<number>;
/** numeric: read as a decimal string, written as a decimal string (never a float). */
export type Decimal = string;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type Json = ColumnType<unknown, string | undefined, string>;
export type JsonObject = ColumnType<Record<string, unknown>, string | undefined, string>;
export type WithDefault<T> = Generated<T>;

export interface SchemaMigrationsTable {
  version: string;
  name: string;
  checksum: string;
  applied_at: Timestamp;
  execution_ms: number;
  applied_by: string;
}

// 001_catalog
export interface CategoriesTable {
  id: Id;
  parent_id: number | null;
  name: string;
  slug: string;
  description: string | null;
  position: WithDefault<number>;
  is_active: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ProductStatus = 'draft' | 'active' | 'archived';

export interface ProductsTable {
  id: Id;
  sku: string;
  slug: string;
  name: string;
  description: string | null;
  category_id: number | null;
  gtin: string | null;
  price: Decimal;
  compare_at_price: Decimal | null;
  cost_price: Decimal | null;
  currency: WithDefault<string>;
  status: WithDefault<ProductStatus>;
  images: ColumnType<string[], string | undefined, string>;
  attributes: JsonObject;
  price_locked: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// 002_users_auth
export type Role = 'admin' | 'staff';

export interface UsersTable {
  id: Id;
  email: string;
  password_hash: string;
  name: string | null;
  role: Role;
  is_active: WithDefault<boolean>;
  last_login_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiTokensTable {
  id: Id;
  name: string;
  token_hash: string;
  token_prefix: string;
  role: Role | null;
  user_id: number | null;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

// 003_customers_orders
export interface CustomersTable {
  id: Id;
  email: string;
  name: string | null;
  phone: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OrderStatus =
  'pending' | 'confirmed' | 'processing' | 'partially_shipped' | 'shipped' | 'delivered' | 'cancelled';

export interface OrdersTable {
  id: Id;
  order_number: string;
  customer_id: number | null;
  email: string;
  status: WithDefault<OrderStatus>;
  currency: WithDefault<string>;
  subtotal: WithDefault<Decimal>;
  shipping_total: WithDefault<Decimal>;
  tax_total: WithDefault<Decimal>;
  total: WithDefault<Decimal>;
  shipping_address: JsonObject;
  billing_address: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  idempotency_key: string | null;
  request_hash: string | null;
  notes: string | null;
  placed_at: Timestamp;
  cancelled_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderItemsTable {
  id: Id;
  order_id: number;
  product_id: number;
  sku: string;
  name: string;
  quantity: number;
  unit_price: Decimal;
  line_total: Decimal;
  created_at: Timestamp;
}

// 004_suppliers, extended by 005
export type SupplierStatus = 'active' | 'paused' | 'archived';
export type OrderMethod = 'api' | 'email' | 'csv_sftp' | 'csv_folder' | 'manual';
export type CatalogFeedMethod = 'url' | 'sftp' | 'folder' | 'upload' | 'api';

export interface SuppliersTable {
  id: Id;
  code: string;
  name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  address: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  notes: string | null;
  status: WithDefault<SupplierStatus>;
  created_at: Timestamp;
  updated_at: Timestamp;
  // 005: integration
  order_method: WithDefault<OrderMethod>;
  api_endpoint: string | null;
  api_credentials_encrypted: string | null;
  webhook_secret_encrypted: string | null;
  order_email: string | null;
  catalog_feed_method: WithDefault<CatalogFeedMethod>;
  catalog_feed_location: string | null;
  catalog_feed_format: WithDefault<'csv' | 'json'>;
  catalog_column_mapping: JsonObject;
  catalog_sync_schedule: string | null;
  catalog_max_age_hours: WithDefault<number>;
  last_catalog_sync_at: NullableTimestamp;
  order_cutoff_time: string | null;
  order_cutoff_timezone: WithDefault<string>;
  handling_days: WithDefault<number>;
  minimum_order_value: WithDefault<Decimal>;
  per_order_fee: WithDefault<Decimal>;
  shipping_cost_rule: JsonObject;
  currency: WithDefault<string>;
  auto_submit: WithDefault<boolean>;
  stock_buffer: WithDefault<number>;
  is_dropship: WithDefault<boolean>;
}

// 005_dropshipping_platform_phase1
export type InventorySourceType = 'warehouse' | 'supplier' | '3pl';

export interface InventorySourcesTable {
  id: Id;
  type: InventorySourceType;
  code: string;
  name: string;
  supplier_id: number | null;
  priority: WithDefault<number>;
  is_active: WithDefault<boolean>;
  address: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FulfillmentInventoryTable {
  id: Id;
  source_id: number;
  product_id: number;
  quantity_on_hand: WithDefault<number>;
  quantity_reserved: WithDefault<number>;
  quantity_available: GeneratedAlways<number>;
  low_stock_threshold: WithDefault<number>;
  bin_location: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SupplierCatalogsTable {
  id: Id;
  supplier_id: number;
  supplier_sku: string;
  product_id: number | null;
  gtin: string | null;
  name: string | null;
  cost_price: Decimal;
  currency: WithDefault<string>;
  stock_quantity: WithDefault<number>;
  lead_time_days: number | null;
  min_order_quantity: WithDefault<number>;
  is_available: WithDefault<boolean>;
  raw: Json;
  content_hash: string | null;
  last_seen_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type SupplierOrderStatus =
  | 'pending'
  | 'submitted'
  | 'acknowledged'
  | 'rejected'
  | 'partially_shipped'
  | 'shipped'
  | 'delivered'
  | 'cancel_requested'
  | 'cancelled'
  | 'failed';

export interface SupplierOrdersTable {
  id: Id;
  order_id: number;
  supplier_id: number;
  status: WithDefault<SupplierOrderStatus>;
  method: WithDefault<OrderMethod>;
  idempotency_key: string;
  external_reference: string | null;
  currency: WithDefault<string>;
  subtotal_cost: WithDefault<Decimal>;
  per_order_fee: WithDefault<Decimal>;
  shipping_cost: WithDefault<Decimal>;
  attempts: WithDefault<number>;
  last_error: string | null;
  next_attempt_at: NullableTimestamp;
  submitted_at: NullableTimestamp;
  acknowledged_at: NullableTimestamp;
  shipped_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  ship_by: NullableTimestamp;
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SupplierOrderItemsTable {
  id: Id;
  supplier_order_id: number;
  order_item_id: number;
  supplier_catalog_id: number | null;
  product_id: number;
  supplier_sku: string;
  quantity: number;
  unit_cost: Decimal;
  quantity_shipped: WithDefault<number>;
  quantity_cancelled: WithDefault<number>;
  created_at: Timestamp;
}

export type PricingScope = 'all' | 'category' | 'supplier' | 'cost_range';
export type MarkupType = 'percent' | 'fixed' | 'multiplier';
export type Rounding = 'none' | '0.99' | '0.95' | '0.90' | 'whole';

export interface PricingRulesTable {
  id: Id;
  name: string;
  description: string | null;
  scope: PricingScope;
  category_id: number | null;
  supplier_id: number | null;
  min_cost: Decimal | null;
  max_cost: Decimal | null;
  priority: WithDefault<number>;
  markup_type: MarkupType;
  markup_value: Decimal;
  min_margin_percent: WithDefault<Decimal>;
  rounding: WithDefault<Rounding>;
  compare_at_markup_percent: Decimal | null;
  is_active: WithDefault<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SupplierPerformanceTable {
  id: Id;
  supplier_id: number;
  period_start: string;
  period_end: string;
  orders_count: WithDefault<number>;
  items_ordered: WithDefault<number>;
  items_shipped: WithDefault<number>;
  fill_rate: Decimal | null;
  on_time_ship_rate: Decimal | null;
  mean_handling_hours: Decimal | null;
  cancellation_rate: Decimal | null;
  defect_rate: Decimal | null;
  return_rate: Decimal | null;
  mean_tracking_upload_hours: Decimal | null;
  rating: Decimal | null;
  computed_at: Timestamp;
  created_at: Timestamp;
}

// 006_dropshipping_operations
export type AdjustmentReason = 'set' | 'received' | 'correction' | 'damaged' | 'returned' | 'shipped';

export interface InventoryAdjustmentsTable {
  id: Id;
  inventory_id: number;
  quantity_change: number;
  quantity_on_hand_after: number;
  reason: AdjustmentReason;
  note: string | null;
  order_id: number | null;
  actor: string;
  created_at: Timestamp;
}

export type AllocationStatus = 'reserved' | 'shipped' | 'released' | 'ordered' | 'cancelled';

export interface OrderItemAllocationsTable {
  id: Id;
  order_id: number;
  order_item_id: number;
  source_type: InventorySourceType;
  fulfillment_inventory_id: number | null;
  supplier_order_item_id: number | null;
  quantity: number;
  unit_cost: Decimal | null;
  status: AllocationStatus;
  decision: JsonObject;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CatalogImportStatus = 'running' | 'completed' | 'refused' | 'failed';

export interface CatalogImportsTable {
  id: Id;
  supplier_id: number;
  source: string;
  format: 'csv' | 'json';
  mode: WithDefault<'full' | 'delta'>;
  status: WithDefault<CatalogImportStatus>;
  forced: WithDefault<boolean>;
  rows_read: WithDefault<number>;
  inserted: WithDefault<number>;
  updated: WithDefault<number>;
  unchanged: WithDefault<number>;
  rejected: WithDefault<number>;
  marked_unavailable: WithDefault<number>;
  products_repriced: WithDefault<number>;
  rejections: ColumnType<unknown[], string | undefined, string>;
  message: string | null;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
}

// 008_order_status_history
export interface OrderStatusEventsTable {
  id: Id;
  order_id: number;
  from_status: OrderStatus;
  to_status: OrderStatus;
  cause: string;
  actor: string;
  created_at: Timestamp;
}

export interface DB {
  schema_migrations: SchemaMigrationsTable;
  categories: CategoriesTable;
  products: ProductsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  customers: CustomersTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  suppliers: SuppliersTable;
  inventory_sources: InventorySourcesTable;
  fulfillment_inventory: FulfillmentInventoryTable;
  supplier_catalogs: SupplierCatalogsTable;
  supplier_orders: SupplierOrdersTable;
  supplier_order_items: SupplierOrderItemsTable;
  pricing_rules: PricingRulesTable;
  supplier_performance: SupplierPerformanceTable;
  inventory_adjustments: InventoryAdjustmentsTable;
  order_item_allocations: OrderItemAllocationsTable;
  catalog_imports: CatalogImportsTable;
  order_status_events: OrderStatusEventsTable;
}
