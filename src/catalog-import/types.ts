/**
 * Supplier catalog import: the feed's rows after mapping and validation, and the import report
 * (stored in catalog_imports, migration 006).
 */
import type { Decimal } from '../db/types.js';

export type FeedFormat = 'csv' | 'json';
export type ImportMode = 'full' | 'delta';
export type ImportStatus = 'running' | 'completed' | 'refused' | 'failed';

/** Our fields a feed column can be mapped to; product_sku is the explicit link to a shop product. */
export const FEED_FIELDS = [
  'supplier_sku',
  'cost_price',
  'stock_quantity',
  'gtin',
  'name',
  'currency',
  'lead_time_days',
  'min_order_quantity',
  'product_sku',
] as const;
export type FeedField = (typeof FEED_FIELDS)[number];

/** Our field -> the feed's column; a field left out is read from the column of its own name. */
export type ColumnMapping = Partial<Record<FeedField, string>>;

/** One feed row as the staging table receives it: normalized, money as a decimal string. */
export interface FeedRow {
  line: number;
  supplierSku: string;
  costPrice: Decimal;
  stockQuantity: number;
  gtin: string | null;
  name: string | null;
  currency: string;
  leadTimeDays: number | null;
  minOrderQuantity: number;
  productSku: string | null;
  /** The mapped fields as received, before normalization (supplier_catalogs.raw). */
  raw: Record<string, string>;
}

export interface Rejection {
  /** Line of the feed where the row starts (CSV: including the header line). */
  line: number;
  reason: string;
}

export interface ImportOptions {
  mode: ImportMode;
  force: boolean;
  createDrafts: boolean;
  /** Where the feed came from, for the report (file name or URL). */
  source: string;
  format: FeedFormat;
  /** Called as the feed is read; bytes against totalBytes when the size is known. */
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  rows: number;
  bytes: number;
  totalBytes: number | undefined;
}

export interface GuardSettings {
  unavailableShare: number;
  costFactor: number;
  costShare: number;
}

export interface ImportReport {
  importId: number;
  supplierId: number;
  supplierCode: string;
  status: ImportStatus;
  mode: ImportMode;
  forced: boolean;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: Rejection[];
  markedUnavailable: number;
  /** Feed rows whose stock is at or under the supplier's stock buffer: out of stock for routing. */
  underStockBuffer: number;
  stockBuffer: number;
  linked: number;
  draftsCreated: number;
  repriced: number;
  /** Why the guard refused the feed, or why it failed. */
  message: string | null;
}

/** A catalog_imports row as the API and the CLI show it. */
export interface CatalogImportSummary {
  id: number;
  source: string;
  format: FeedFormat;
  mode: ImportMode;
  status: ImportStatus;
  forced: boolean;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  markedUnavailable: number;
  productsRepriced: number;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** A supplier_catalogs row as the API and the CLI show it. */
export interface CatalogItem {
  id: number;
  supplierSku: string;
  productId: number | null;
  productSku: string | null;
  gtin: string | null;
  name: string | null;
  costPrice: Decimal;
  currency: string;
  stockQuantity: number;
  leadTimeDays: number | null;
  isAvailable: boolean;
  lastSeenAt: string;
}

/** Stored rejections: the report keeps them all, catalog_imports the first ones. */
export const STORED_REJECTIONS = 1000;
