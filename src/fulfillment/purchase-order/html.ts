/**
 * The purchase order as a printable HTML page: the body of the e-mail to a supplier and the page
 * an operator prints for a manual supplier. Every value is escaped; the print style drops the
 * screen margins and keeps the table of lines on whole rows.
 */
import type { PurchaseOrder } from '../dispatch/purchase-order.js';
import { escapeHtml } from '../../html.js';
import { shipToLines } from './text.js';

export function purchaseOrderHtml(order: PurchaseOrder, supplierCode: string): string {
  const address = shipToLines(order).map(escapeHtml).join('<br>');
  const lines = order.lines
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.supplierSku)}</td><td class="n">${l.quantity}</td>` +
        `<td class="n">${escapeHtml(l.unitCost)} ${escapeHtml(order.currency)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Purchase order ${escapeHtml(order.reference)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; text-align: left; }
  td.n { text-align: right; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
  dt { font-weight: bold; }
  @media print {
    body { margin: 0; font-size: 11pt; }
    tr { break-inside: avoid; }
  }
</style>
</head>
<body>
<h1>Purchase order</h1>
<dl>
  <dt>Reference</dt><dd>${escapeHtml(order.reference)}</dd>
  <dt>Supplier</dt><dd>${escapeHtml(supplierCode)}</dd>
  <dt>Order number</dt><dd>${escapeHtml(order.orderNumber)}</dd>
  <dt>Ship by</dt><dd>${escapeHtml(order.shipBy)}</dd>
  <dt>Ship to</dt><dd>${address}</dd>
</dl>
<table>
<thead><tr><th>Supplier SKU</th><th>Quantity</th><th>Unit cost</th></tr></thead>
<tbody>
${lines}
</tbody>
</table>
<p>Please quote the reference ${escapeHtml(order.reference)} in every answer about this order.</p>
</body>
</html>
`;
}
