/**
 * Supplier catalog import: the feed's rows after mapping and validation, and the import report
 * (stored in catalog_imports, migration 006). What the API shows is the TypeBox schemas' types
 * (schemas.ts).
 */
import type { Static } from 'typebox';
import type { Decimal } from '../db/types.js';
import type { FeedBytes } from './feed-parse.js';
import type { CatalogPageSchema, ImportDetailSchema, ImportHistorySchema, ImportReportSchema } from './schemas.js';

export type ImportReport = Static<typeof ImportReportSchema>;
export type ImportMode = ImportReport['mode'];
export type ImportStatus = ImportReport['status'];
/** A catalog_imports row as the API and the CLI show it. */
export type CatalogImportSummary = Static<typeof ImportHistorySchema>['items'][number];
export type FeedFormat = CatalogImportSummary['format'];
/** A catalog_imports row with its stored rejections. */
export type CatalogImportDetail = Static<typeof ImportDetailSchema>;
/** A supplier_catalogs row as the API and the CLI show it. */
export type CatalogItem = Static<typeof CatalogPageSchema>['items'][number];
/** A rejected feed row: the line where it starts (CSV: counting the header line) and why. */
export type Rejection = ImportReport['rejections'][number];

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

/** Stored rejections: the report keeps them all, catalog_imports the first ones. */
export const STORED_REJECTIONS = 1000;

export interface FeedInput {
  /** The feed's bytes as they arrive (a file or response stream, a request body). */
  stream: FeedBytes;
  /** Where it came from: file name or URL. */
  source: string;
  /** undefined: the supplier's catalog_feed_format. */
  format: FeedFormat | undefined;
  totalBytes?: number | undefined;
}

export interface ImportRequest {
  supplier: { code: string } | { id: number };
  feed: FeedInput;
  mode: ImportMode;
  force: boolean;
  createDrafts: boolean;
  guard: GuardSettings;
  onProgress?: (progress: Progress) => void;
}
