/** The purchase order documents staff can download (route and CLI): how each is rendered and served. */
import type { DispatchTarget } from '../dispatch/purchase-order.js';
import { purchaseOrderCsv } from './csv.js';
import { purchaseOrderHtml } from './html.js';

export interface PurchaseOrderFormat {
  mediaType: string;
  /** attachment: saved as a file; inline: shown (and printed) in the browser. */
  disposition: 'attachment' | 'inline';
  summary: string;
  render(target: Pick<DispatchTarget, 'purchaseOrder' | 'supplierCode'>): string;
}

export const PURCHASE_ORDER_FORMATS = {
  csv: {
    mediaType: 'text/csv; charset=utf-8',
    disposition: 'attachment',
    summary: "A supplier order's purchase order as a CSV file, one row per line (staff)",
    render: (target) => purchaseOrderCsv(target.purchaseOrder),
  },
  html: {
    mediaType: 'text/html; charset=utf-8',
    disposition: 'inline',
    summary: "A supplier order's purchase order as a printable page (staff)",
    render: (target) => purchaseOrderHtml(target.purchaseOrder, target.supplierCode),
  },
} satisfies Record<string, PurchaseOrderFormat>;

export type PurchaseOrderFormatName = keyof typeof PURCHASE_ORDER_FORMATS;

export function isPurchaseOrderFormat(name: string): name is PurchaseOrderFormatName {
  return Object.hasOwn(PURCHASE_ORDER_FORMATS, name);
}
