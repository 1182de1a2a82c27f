/**
 * Table types for Kysely: the names the code uses for the types in schema.generated.ts, which
 * `npm run db:types` generates from a database with every migration of database/migrations applied
 * (a test fails when it is out of date). Nothing here is written by hand but the names.
 * Conventions (see session.ts): bigint ids and counts are numbers, numeric (money, rates) is a
 * decimal string, date is 'YYYY-MM-DD', timestamptz is a Date, jsonb is parsed JSON written as JSON
 * text; a text column with a CHECK of allowed values is the union of those values.
 */
import type { ColumnType, Generated, GeneratedAlways, Selectable } from 'kysely';
import type * as Schema from './schema.generated.js';

export type DB = Schema.DB;

export type Id = GeneratedAlways<number>;
/** numeric: read as a decimal string, written as a decimal string (never a float). */
export type Decimal = string;
export type Timestamp = Schema.Timestamp;
export type NullableTimestamp = Schema.Timestamp | null;
export type Json = ColumnType<unknown, string | undefined, string>;
export type JsonObject = ColumnType<Record<string, unknown>, string | undefined, string>;
export type WithDefault<T> = Generated<T>;

export type SchemaMigrationsTable = Schema.SchemaMigrations;
export type CategoriesTable = Schema.Categories;
export type ProductsTable = Schema.Products;
export type UsersTable = Schema.Users;
export type ApiTokensTable = Schema.ApiTokens;
export type CustomersTable = Schema.Customers;
export type OrdersTable = Schema.Orders;
export type OrderItemsTable = Schema.OrderItems;
export type SuppliersTable = Schema.Suppliers;
export type InventorySourcesTable = Schema.InventorySources;
export type FulfillmentInventoryTable = Schema.FulfillmentInventory;
export type SupplierCatalogsTable = Schema.SupplierCatalogs;
export type SupplierOrdersTable = Schema.SupplierOrders;
export type SupplierOrderItemsTable = Schema.SupplierOrderItems;
export type PricingRulesTable = Schema.PricingRules;
export type SupplierPerformanceTable = Schema.SupplierPerformance;
export type InventoryAdjustmentsTable = Schema.InventoryAdjustments;
export type OrderItemAllocationsTable = Schema.OrderItemAllocations;
export type CatalogImportsTable = Schema.CatalogImports;
export type OrderStatusEventsTable = Schema.OrderStatusEvents;
export type SupplierOrderEventsTable = Schema.SupplierOrderEvents;
export type SupplierWebhookReceiptsTable = Schema.SupplierWebhookReceipts;
export type SupplierShipmentsTable = Schema.SupplierShipments;
export type AlertsTable = Schema.Alerts;

/** The allowed values of a column, as its CHECK constraint lists them. */
type ValuesOf<Table, Column extends keyof Selectable<Table>> = NonNullable<Selectable<Table>[Column]>;

export type ProductStatus = ValuesOf<ProductsTable, 'status'>;
export type Role = ValuesOf<UsersTable, 'role'>;
export type OrderStatus = ValuesOf<OrdersTable, 'status'>;
export type SupplierStatus = ValuesOf<SuppliersTable, 'status'>;
export type OrderMethod = ValuesOf<SuppliersTable, 'order_method'>;
export type CatalogFeedMethod = ValuesOf<SuppliersTable, 'catalog_feed_method'>;
export type InventorySourceType = ValuesOf<InventorySourcesTable, 'type'>;
export type SupplierOrderStatus = ValuesOf<SupplierOrdersTable, 'status'>;
export type PricingScope = ValuesOf<PricingRulesTable, 'scope'>;
export type MarkupType = ValuesOf<PricingRulesTable, 'markup_type'>;
export type Rounding = ValuesOf<PricingRulesTable, 'rounding'>;
export type AdjustmentReason = ValuesOf<InventoryAdjustmentsTable, 'reason'>;
export type AllocationStatus = ValuesOf<OrderItemAllocationsTable, 'status'>;
export type CatalogImportStatus = ValuesOf<CatalogImportsTable, 'status'>;
export type SupplierOrderEventSource = ValuesOf<SupplierOrderEventsTable, 'source'>;
export type AlertRule = ValuesOf<AlertsTable, 'rule'>;
export type PerformancePeriodKind = ValuesOf<SupplierPerformanceTable, 'period_kind'>;
