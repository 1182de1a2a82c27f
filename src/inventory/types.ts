/**
 * Inventory: sources (own warehouse, supplier, 3PL), own stock per source and product, and the
 * audit trail of every change of the quantity on hand (inventory_adjustments, migration 006). The
 * shapes the API takes and shows are the TypeBox schemas' types (schemas.ts).
 */
import type { Static } from 'typebox';
import type { AdjustmentReason, InventorySourceType } from '../db/types.js';
import type {
  AdjustmentSchema,
  AdjustStockBody,
  SetStockBody,
  SourceListQuery,
  SourceSchema,
  StockChangeSchema,
  StockListQuery,
  StockRowSchema,
} from './schemas.js';

/** AdjustmentReason: why quantity_on_hand changed; 'set' is a stock count, 'shipped' an order leaving the warehouse. */
export type { AdjustmentReason, InventorySourceType };

/** The reasons a person may give for a manual adjustment (set and shipped come from their own flows). */
export const MANUAL_REASONS = ['received', 'correction', 'damaged', 'returned'] as const;
export type ManualReason = (typeof MANUAL_REASONS)[number];

export type InventorySource = Static<typeof SourceSchema>;
export type SourceInput = Omit<InventorySource, 'id' | 'createdAt' | 'updatedAt'>;
export type SourceQuery = Static<typeof SourceListQuery>;
/** One fulfillment_inventory row with its product and source; isLowStock: available <= threshold. */
export type StockRow = Static<typeof StockRowSchema>;
/** The list's filters; the route's query schema gives limit and offset their defaults. */
export type StockQuery = Static<typeof StockListQuery>;
export type Adjustment = Static<typeof AdjustmentSchema>;
/** What a stock change did: the row afterwards and its audit entry. */
export type StockChange = Static<typeof StockChangeSchema>;
/** A set is a stock count; a manual reason when the count has a known cause. */
export type SetStockInput = Static<typeof SetStockBody>;
export type AdjustStockInput = Static<typeof AdjustStockBody>;
/** Where the stock is: an explicit source code, or the default (the only active warehouse). */
export type StockTarget = Pick<SetStockInput, 'sku' | 'sourceCode'>;
