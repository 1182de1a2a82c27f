/** The purchase order as plain text: the text part of the e-mail to a supplier. */
import type { PurchaseOrder } from '../dispatch/purchase-order.js';

export function purchaseOrderText(order: PurchaseOrder, supplierCode: string): string {
  const address = shipToLines(order).map((part) => `  ${part}`);
  const lines = order.lines.map((l) => `  ${l.quantity} x ${l.supplierSku} at ${l.unitCost} ${order.currency}`);
  return [
    `Purchase order ${order.reference}`,
    '',
    `Supplier:     ${supplierCode}`,
    `Order number: ${order.orderNumber}`,
    `Ship by:      ${order.shipBy}`,
    'Ship to:',
    ...address,
    '',
    'Lines:',
    ...lines,
    '',
    `The attached CSV file holds the same lines. Please quote the reference ${order.reference} in every answer about this order.`,
    '',
  ].join('\n');
}

/** The ship-to address as the lines of a label: name, street, (second line), postal code and city, country. */
export function shipToLines({ shipTo }: PurchaseOrder): string[] {
  return [shipTo.name, shipTo.line1, shipTo.line2, `${shipTo.postalCode} ${shipTo.city}`, shipTo.country].filter(
    (part): part is string => Boolean(part),
  );
}
