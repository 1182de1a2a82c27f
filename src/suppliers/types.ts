/**
 * Suppliers as the API shows and takes them: contact data and the integration settings of
 * migration 005 and later, as the TypeBox schemas (schemas.ts) describe them.
 */
import type { Static } from 'typebox';
import type { CatalogFeedMethod, OrderMethod, SupplierStatus } from '../db/types.js';
import type {
  CreateSupplierBody,
  ShippingCostRuleSchema,
  SupplierListQuery,
  SupplierSchema,
  UpdateSupplierBody,
} from './schemas.js';

export type { CatalogFeedMethod, OrderMethod, SupplierStatus };

export const ORDER_METHODS: readonly OrderMethod[] = ['api', 'email', 'csv_sftp', 'csv_folder', 'manual'];
export const FEED_METHODS: readonly CatalogFeedMethod[] = ['url', 'sftp', 'folder', 'upload', 'api'];

/** Our fields a catalog feed's columns can be mapped to (catalog_column_mapping keys). */
export const CATALOG_FIELDS = [
  'supplier_sku',
  'gtin',
  'name',
  'cost_price',
  'currency',
  'stock_quantity',
  'lead_time_days',
  'min_order_quantity',
  // the feed's column naming our product SKU: an explicit link (src/catalog-import)
  'product_sku',
  // not a field: the CSV delimiter when it is not to be detected, e.g. ";"
  '_delimiter',
] as const;

export type ShippingCostRule = Static<typeof ShippingCostRuleSchema>;
/** A supplier as the API shows it (credentials never: only whether they are set). */
export type Supplier = Static<typeof SupplierSchema>;
/** Everything settable; the credentials are write-only. */
export type SupplierSettings = Omit<
  Supplier,
  'id' | 'hasApiCredentials' | 'hasWebhookSecret' | 'lastCatalogSyncAt' | 'createdAt' | 'updatedAt'
>;
/** The supplier's own alarm thresholds; absent keys use the configured ones. */
export type AlertThresholds = SupplierSettings['alertThresholds'];
export type SupplierInput = Static<typeof CreateSupplierBody>;
export type SupplierPatch = Static<typeof UpdateSupplierBody>;
/** The write-only credentials: apiCredentials (per order method) and the webhook secret; null clears. */
export type SupplierSecrets = Required<Pick<SupplierInput, 'apiCredentials' | 'webhookSecret'>>;
/** The list's filters; the route's query schema gives limit and offset their defaults. */
export type SupplierQuery = Static<typeof SupplierListQuery>;
