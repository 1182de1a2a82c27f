/**
 * Inventory: sources (own warehouse, supplier, 3PL), own stock per source and product, and the
 * audit trail of every change of the quantity on hand (inventory_adjustments, migration 006).
 */
import type { AdjustmentReason, InventorySourceType } from '../db/types.js';

/** AdjustmentReason: why quantity_on_hand changed; 'set' is a stock count, 'shipped' an order leaving the warehouse. */
export type { AdjustmentReason, InventorySourceType };

/** The reasons a person may give for a manual adjustment (set and shipped come from their own flows). */
export const MANUAL_REASONS = ['received', 'correction', 'damaged', 'returned'] as const;
export type ManualReason = (typeof MANUAL_REASONS)[number];

export interface InventorySource {
  id: number;
  type: InventorySourceType;
  code: string;
  name: string;
  supplierId: number | null;
  priority: number;
  isActive: boolean;
  address: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

export type SourceInput = Omit<InventorySource, 'id' | 'createdAt' | 'updatedAt'>;

export interface SourceQuery {
  type?: InventorySourceType | undefined;
  active?: boolean | undefined;
}

/** One fulfillment_inventory row with its product and source, as the API shows it. */
export interface StockRow {
  id: number;
  sourceId: number;
  sourceCode: string;
  productId: number;
  sku: string;
  productName: string;
  quantityOnHand: number;
  quantityReserved: number;
  quantityAvailable: number;
  lowStockThreshold: number;
  /** available <= threshold (the low-stock report's rule, served by a partial index). */
  isLowStock: boolean;
  binLocation: string | null;
  updatedAt: string;
}

export interface StockQuery {
  sku?: string | undefined;
  productId?: number | undefined;
  sourceId?: number | undefined;
  lowStock?: boolean | undefined;
  limit: number;
  offset: number;
}

export interface Adjustment {
  id: number;
  inventoryId: number;
  quantityChange: number;
  quantityOnHandBefore: number;
  quantityOnHandAfter: number;
  reason: AdjustmentReason;
  note: string | null;
  orderId: number | null;
  actor: string;
  createdAt: string;
}

/** What a stock change did: the row afterwards and its audit entry. */
export interface StockChange {
  stock: StockRow;
  adjustment: Adjustment;
}

/** Where the stock is: an explicit source code, or the default (the only active warehouse). */
export interface StockTarget {
  sku: string;
  sourceCode?: string | undefined;
}

export interface SetStockInput extends StockTarget {
  quantityOnHand: number;
  /** Default 'set' (a stock count); a manual reason when the count has a known cause. */
  reason?: 'set' | ManualReason | undefined;
  note?: string | null | undefined;
  lowStockThreshold?: number | undefined;
  binLocation?: string | null | undefined;
}

export interface AdjustStockInput extends StockTarget {
  change: number;
  reason: ManualReason;
  note?: string | null | undefined;
}
