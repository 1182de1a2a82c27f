/**
 * The purchase order as a CSV file (src/csv.ts): a header, then one row per line with the
 * order's reference, number, ship-by day and ship-to address repeated, so each row stands alone
 * in a supplier's import. Every file-based path (e-mail attachment, SFTP, folder, download) uses it.
 */
import { csvRecord, csvText as text } from '../../csv.js';
import type { PurchaseOrder } from '../dispatch/purchase-order.js';

export const PURCHASE_ORDER_COLUMNS = [
  'reference',
  'order_number',
  'ship_by',
  'ship_to_name',
  'ship_to_line1',
  'ship_to_line2',
  'ship_to_city',
  'ship_to_postal_code',
  'ship_to_country',
  'supplier_sku',
  'quantity',
  'unit_cost',
  'currency',
] as const;

export function purchaseOrderCsv(order: PurchaseOrder): string {
  const { shipTo } = order;
  const rows = order.lines.map((line) => [
    text(order.reference),
    text(order.orderNumber),
    text(order.shipBy),
    text(shipTo.name),
    text(shipTo.line1),
    text(shipTo.line2 ?? ''),
    text(shipTo.city),
    text(shipTo.postalCode),
    text(shipTo.country),
    text(line.supplierSku),
    String(line.quantity),
    line.unitCost,
    text(order.currency),
  ]);
  return [[...PURCHASE_ORDER_COLUMNS], ...rows].map(csvRecord).join('');
}
