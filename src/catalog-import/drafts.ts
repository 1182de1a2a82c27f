/**
 * Draft products from the supplier's available unlinked items that have a name, in the caller's
 * transaction: the catalog creates them (src/catalog/drafts.ts) from the items' name, GTIN,
 * currency and cost, with SKU CODE-supplier_sku, then each item is linked to the product made
 * from it. An item whose product collides with a taken SKU or slug stays unlinked. Their price
 * comes from the pricing rules when the caller reprices them.
 */
import { sql, type Kysely } from 'kysely';
import { createDraftProducts, type DraftProductRow } from '../catalog/drafts.js';
import type { DB } from '../db/types.js';
import type { ImportSupplier } from './imports-repository.js';

/** The SKU of the draft product made from item `sc` of the supplier with code `code`. */
const draftSku = (code: string) => sql<string>`${code} || '-' || sc.supplier_sku`;

/** Returns the products created, each linked to its item. */
export async function draftUnlinkedItems(
  trx: Kysely<DB>,
  supplier: Pick<ImportSupplier, 'id' | 'code'>,
): Promise<number[]> {
  const created = await createDraftProducts(
    trx,
    sql<DraftProductRow>`
      SELECT ${draftSku(supplier.code)} AS sku, sc.name, sc.gtin, round(sc.cost_price, 2) AS price, sc.currency
        FROM supplier_catalogs sc
       WHERE sc.supplier_id = ${supplier.id} AND sc.product_id IS NULL AND sc.is_available AND sc.name IS NOT NULL`,
  );
  if (created.length === 0) return [];
  const { rows } = await sql<{ product_id: number }>`
    UPDATE supplier_catalogs sc SET product_id = c.id
      FROM unnest(${sql.val(created.map((c) => c.id))}::bigint[], ${sql.val(created.map((c) => c.sku))}::text[])
             AS c(id, sku)
     WHERE sc.supplier_id = ${supplier.id} AND ${draftSku(supplier.code)} = c.sku
    RETURNING sc.product_id`.execute(trx);
  return rows.map((r) => r.product_id);
}
