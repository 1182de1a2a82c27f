/**
 * The live stock and cost re-check before a supplier order is sent to an API supplier that
 * offers it (suppliers.live_stock_check): `GET <api_endpoint>/stock?sku=A&sku=B` (DESIGN §7).
 *   fill       every line is in stock and its cost of now keeps the minimum margin at the
 *              line's selling price (pricing-engine/margin-at-cost.ts: the rule routing uses);
 *   cannot     a line is out of stock (short, missing from the answer, or a 404: the supplier
 *              offers none of them), or its cost rose under the minimum margin: not sent;
 *   unchecked  the check got no usable answer (network, timeout, 5xx, an answer it cannot read):
 *              the order is sent anyway, so a broken stock endpoint never blocks orders; the
 *              supplier still refuses what it cannot fill.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { marginAtCost } from '../../pricing-engine/margin-at-cost.js';
import { callSupplier } from './senders/api.js';

export type LiveCheck =
  | { kind: 'fill'; detail: string }
  | { kind: 'cannot'; reason: string; answer: string }
  | { kind: 'unchecked'; reason: string };

interface CheckedLine {
  productId: number;
  supplierId: number;
  supplierSku: string;
  quantity: number;
  price: string;
}

interface StockItem {
  supplierSku: string;
  available: number;
  unitCost: string;
}

export async function liveCheck(
  db: Kysely<DB>,
  target: { supplierOrderId: number; apiEndpoint: string },
  apiKey: string | undefined,
  timeoutMs: number,
): Promise<LiveCheck> {
  const lines = await linesToCheck(db, target.supplierOrderId);
  const skus = [...new Set(lines.map((l) => l.supplierSku))];
  const query = skus.map((s) => `sku=${encodeURIComponent(s)}`).join('&');
  const res = await callSupplier(
    'GET',
    `${target.apiEndpoint}/stock?${query}`,
    apiKey,
    undefined,
    undefined,
    timeoutMs,
  );
  if (!res.answered) return { kind: 'unchecked', reason: `stock check: ${res.error}` };
  if (res.status === 404) {
    return { kind: 'cannot', reason: `the supplier offers none of ${skus.join(', ')} any more`, answer: res.body };
  }
  const items = res.status === 200 ? stockItems(res.body) : undefined;
  if (!items) return { kind: 'unchecked', reason: `stock check: the supplier answered ${res.status}: ${res.body}` };

  const problems: string[] = [];
  const offered = new Map(items.map((i) => [i.supplierSku, i]));
  for (const sku of skus) {
    const wanted = lines.filter((l) => l.supplierSku === sku).reduce((n, l) => n + l.quantity, 0);
    const item = offered.get(sku);
    if (!item) problems.push(`${sku}: not offered any more`);
    else if (item.available < wanted) problems.push(`${sku}: ${item.available} in stock, ${wanted} ordered`);
  }
  const priced = lines.filter((l) => offered.has(l.supplierSku));
  const margins = await marginAtCost(
    db,
    priced.map((l) => ({ ...l, unitCost: offered.get(l.supplierSku)!.unitCost })),
  );
  for (const [i, m] of margins.entries()) {
    if (m.keepsMargin) continue;
    const l = priced[i]!;
    problems.push(
      `${l.supplierSku}: costs ${offered.get(l.supplierSku)!.unitCost} now (landed ${m.landedUnitCost}), ` +
        `under the minimum margin of ${m.minMarginPercent} % at the selling price ${l.price}`,
    );
  }
  if (problems.length > 0) return { kind: 'cannot', reason: problems.join('; '), answer: res.body };
  return { kind: 'fill', detail: `in stock at a cost that keeps the margin: ${skus.join(', ')}` };
}

/** The supplier order's lines with their product, supplier and the customer's unit price. */
async function linesToCheck(db: Kysely<DB>, supplierOrderId: number): Promise<CheckedLine[]> {
  const { rows } = await sql<CheckedLine>`
    SELECT i.product_id AS "productId", so.supplier_id AS "supplierId", i.supplier_sku AS "supplierSku",
           i.quantity, oi.unit_price::text AS price
      FROM supplier_order_items i
      JOIN supplier_orders so ON so.id = i.supplier_order_id
      JOIN order_items oi ON oi.id = i.order_item_id
     WHERE i.supplier_order_id = ${supplierOrderId}
     ORDER BY i.id`.execute(db);
  return rows;
}

/** The answer's items, or undefined when it is not the shape DESIGN §7 fixes. */
function stockItems(body: string): StockItem[] | undefined {
  try {
    const items = (JSON.parse(body) as { items?: unknown }).items;
    if (!Array.isArray(items)) return undefined;
    const valid = items.every(
      (i: Partial<StockItem>) =>
        typeof i?.supplierSku === 'string' &&
        Number.isInteger(i.available) &&
        typeof i.unitCost === 'string' &&
        /^\d{1,10}(\.\d{1,4})?$/.test(i.unitCost),
    );
    return valid ? (items as StockItem[]) : undefined;
  } catch {
    return undefined;
  }
}
