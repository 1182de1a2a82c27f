/**
 * The operator's side of linking: link one supplier item to a product by hand, list what is
 * unlinked, create draft products from it. Each write is one transaction with its repricing.
 */
import type { Kysely, Transaction } from 'kysely';
import { repriceProducts } from '../catalog/prices.js';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { draftUnlinkedItems } from './drafts.js';
import { findSupplier, linkItem, listItems, type ImportSupplier } from './imports-repository.js';
import type { CatalogItem } from './types.js';
import { describeRef } from './service.js';

export type SupplierRef = { code: string } | { id: number };

async function supplierOf(db: Kysely<DB>, ref: SupplierRef): Promise<ImportSupplier> {
  const supplier = await findSupplier(db, ref);
  if (!supplier) throw new NotFoundError(`there is no supplier ${describeRef(ref)}`);
  return supplier;
}

export async function linkSupplierItem(
  trx: Transaction<DB>,
  ref: SupplierRef,
  supplierSku: string,
  productSku: string,
): Promise<{ productId: number; repriced: number }> {
  const supplier = await supplierOf(trx, ref);
  const product = await trx.selectFrom('products').select('id').where('sku', '=', productSku).executeTakeFirst();
  if (!product) throw new NotFoundError(`there is no product with SKU ${productSku}`);
  const linked = await linkItem(trx, supplier.id, supplierSku, product.id);
  if (!linked.found) throw new NotFoundError(`supplier ${supplier.code} has no catalog item ${supplierSku}`);
  const { repriced } = await repriceProducts(trx, {
    reason: `supplier ${supplier.code} item ${supplierSku} linked to ${productSku}`,
    productIds: linked.productIds,
  });
  return { productId: product.id, repriced };
}

export async function unlinkedItems(
  db: Kysely<DB>,
  ref: SupplierRef,
  page: { limit: number; offset: number },
): Promise<{ supplierCode: string; items: CatalogItem[]; total: number }> {
  const supplier = await supplierOf(db, ref);
  return { supplierCode: supplier.code, ...(await listItems(db, supplier.id, { unlinked: true, ...page })) };
}

export async function createDrafts(
  trx: Transaction<DB>,
  ref: SupplierRef,
): Promise<{ created: number; repriced: number }> {
  const supplier = await supplierOf(trx, ref);
  const ids = await draftUnlinkedItems(trx, supplier);
  const { repriced } = await repriceProducts(trx, { reason: `draft products from ${supplier.code}`, productIds: ids });
  return { created: ids.length, repriced };
}
