/** Suppliers as the API shows them: contact data and the integration settings of migration 005. */
import type { CatalogFeedMethod, OrderMethod, SupplierStatus } from '../db/types.js';

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

export interface ShippingCostRule {
  type: 'flat' | 'free_over' | 'per_item';
  amount: string;
  threshold?: string;
}

/** Everything settable; the credentials are write-only. */
export interface SupplierSettings {
  code: string;
  name: string;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  address: Record<string, unknown> | null;
  notes: string | null;
  status: SupplierStatus;
  orderMethod: OrderMethod;
  apiEndpoint: string | null;
  orderEmail: string | null;
  catalogFeedMethod: CatalogFeedMethod;
  catalogFeedLocation: string | null;
  catalogFeedFormat: 'csv' | 'json';
  catalogColumnMapping: Record<string, string>;
  catalogSyncSchedule: string | null;
  catalogMaxAgeHours: number;
  orderCutoffTime: string | null;
  orderCutoffTimezone: string;
  handlingDays: number;
  minimumOrderValue: string;
  perOrderFee: string;
  shippingCostRule: ShippingCostRule;
  currency: string;
  autoSubmit: boolean;
  /** Ask the supplier's stock endpoint before each order is sent to its API. */
  liveStockCheck: boolean;
  stockBuffer: number;
  isDropship: boolean;
  /** The supplier's own alarm thresholds; absent keys use the configured ones. */
  alertThresholds: AlertThresholds;
}

export interface AlertThresholds {
  submitMinutes?: number;
  ackHours?: number;
  trackingDays?: number;
}

export interface SupplierSecrets {
  /** e.g. {"apiKey": "..."}; null clears them. */
  apiCredentials: Record<string, string> | null;
  /** HMAC secret of the supplier's webhooks; null clears it. */
  webhookSecret: string | null;
}

export type SupplierInput = Partial<SupplierSettings> &
  Partial<SupplierSecrets> &
  Pick<SupplierSettings, 'code' | 'name'>;
export type SupplierPatch = Partial<SupplierSettings> & Partial<SupplierSecrets>;

export interface Supplier extends SupplierSettings {
  id: number;
  hasApiCredentials: boolean;
  hasWebhookSecret: boolean;
  lastCatalogSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SupplierQuery {
  status?: SupplierStatus | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}
