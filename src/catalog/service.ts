/** Rules of the catalog: what the public sees, how slugs are made, what a change may do. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { compareDecimal } from '../money.js';
import * as categories from './categories-repository.js';
import { decodeCursor } from './cursor.js';
import { repriceProducts } from './prices.js';
import * as products from './products-repository.js';
import { slugify } from './slug.js';
import type { Category, CategoryInput, Product, ProductInput, ProductQuery, RemovalResult } from './types.js';

export interface Viewer {
  /** Staff see drafts and archived products, cost prices and inactive categories. */
  staff: boolean;
}

export async function listProducts(db: Kysely<DB>, viewer: Viewer, query: ProductQuery): Promise<products.ListedPage> {
  if (!viewer.staff && query.status !== undefined && query.status !== 'active') {
    throw new ForbiddenError('only staff may list draft or archived products');
  }
  if (query.cursor !== undefined && query.offset !== undefined) {
    throw InvalidInputError.field('/offset', 'cannot be combined with cursor: use one way of paging');
  }
  if (
    query.minPrice !== undefined &&
    query.maxPrice !== undefined &&
    compareDecimal(query.minPrice, query.maxPrice) > 0
  ) {
    throw InvalidInputError.field('/minPrice', `must not be more than maxPrice (${query.maxPrice})`);
  }
  if (query.q !== undefined && products.searchQuery(query.q) === undefined) {
    throw InvalidInputError.field('/q', 'must contain at least one letter or digit');
  }
  const cursor = query.cursor !== undefined ? decodeCursor(query.cursor, query.sort) : undefined;
  // Only offset paging counts every match: a keyset page (with or without a cursor) never pays for it.
  const page = await products.listProducts(
    db,
    { ...query, status: viewer.staff ? query.status : 'active' },
    cursor,
    query.offset !== undefined,
  );
  return viewer.staff ? page : { ...page, items: page.items.map(publicView) };
}

/** One product by its id (digits), else its slug, else its SKU: the first that names one. */
export async function getProduct(db: Kysely<DB>, viewer: Viewer, idOrSlug: string): Promise<Product> {
  const status = viewer.staff ? undefined : 'active';
  const ref = /^\d+$/.test(idOrSlug) ? { id: Number(idOrSlug) } : { slug: idOrSlug };
  const product =
    (await products.findProduct(db, ref, status)) ?? (await products.findProduct(db, { sku: idOrSlug }, status));
  if (!product) throw new NotFoundError(`there is no product "${idOrSlug}"`);
  return viewer.staff ? product : publicView(product);
}

export async function createProduct(trx: Transaction<DB>, input: ProductInput): Promise<Product> {
  checkPrices(input);
  let slug = input.slug;
  if (slug === undefined) {
    slug = slugify(input.name) || slugify(input.sku);
    if (await products.slugTaken(trx, slug)) slug = slugify(`${input.name} ${input.sku}`);
  }
  const id = await products.insertProduct(trx, { ...input, slug });
  return (await products.findProduct(trx, { id }))!;
}

export async function updateProduct(trx: Transaction<DB>, id: number, patch: Partial<ProductInput>): Promise<Product> {
  const current = await products.findProduct(trx, { id });
  if (!current) throw new NotFoundError(`there is no product ${id}`);
  checkPrices({
    price: patch.price ?? current.price,
    compareAtPrice: patch.compareAtPrice !== undefined ? patch.compareAtPrice : current.compareAtPrice,
  });
  await products.updateProduct(trx, id, patch);
  if (patch.costPrice !== undefined || patch.categoryId !== undefined || patch.priceLocked === false) {
    await repriceProducts(trx, {
      reason: `product ${current.sku} changed (own cost, category or price lock)`,
      productIds: [id],
    });
  }
  return (await products.findProduct(trx, { id }))!;
}

export async function removeProduct(trx: Transaction<DB>, id: number): Promise<RemovalResult> {
  const outcome = await products.deleteOrArchiveProduct(trx, id);
  if (!outcome) throw new NotFoundError(`there is no product ${id}`);
  return outcome === 'deleted'
    ? { id, outcome }
    : { id, outcome, reason: 'orders or stock refer to this product: it is archived and no longer sold' };
}

export function categoryTree(db: Kysely<DB>, viewer: Viewer): Promise<Category[]> {
  return categories.categoryTree(db, !viewer.staff);
}

export async function createCategory(trx: Transaction<DB>, input: CategoryInput): Promise<Category> {
  const slug = input.slug ?? slugify(input.name);
  if (slug === '') throw InvalidInputError.field('/slug', 'cannot be made from this name; give a slug');
  const id = await categories.insertCategory(trx, { ...input, slug });
  return (await categories.findCategory(trx, id))!;
}

export async function updateCategory(
  trx: Transaction<DB>,
  id: number,
  patch: Partial<CategoryInput>,
): Promise<Category> {
  if (!(await categories.findCategory(trx, id))) throw new NotFoundError(`there is no category ${id}`);
  if (patch.parentId !== undefined && patch.parentId !== null) {
    const below = await categories.subtreeIds(trx, id);
    if (below.includes(patch.parentId)) {
      throw new ConflictError(
        patch.parentId === id
          ? 'a category cannot be its own parent'
          : `category ${patch.parentId} is below ${id}: moving ${id} under it would make a loop`,
        [{ path: '/parentId', message: 'would make a loop in the category tree' }],
      );
    }
  }
  await categories.updateCategory(trx, id, patch);
  return (await categories.findCategory(trx, id))!;
}

export async function removeCategory(trx: Transaction<DB>, id: number): Promise<RemovalResult> {
  const outcome = await categories.deleteOrArchiveCategory(trx, id);
  if (!outcome) throw new NotFoundError(`there is no category ${id}`);
  return outcome === 'deleted'
    ? { id, outcome }
    : { id, outcome, reason: 'products, subcategories or pricing rules refer to it: it is deactivated instead' };
}

function checkPrices(p: { price: string; compareAtPrice?: string | null | undefined }): void {
  if (p.compareAtPrice && compareDecimal(p.compareAtPrice, p.price) <= 0) {
    throw InvalidInputError.field('/compareAtPrice', `must be more than the price (${p.price}) to show a saving`);
  }
}

function publicView(product: Product): Product {
  const { costPrice: _cost, priceLocked: _locked, ...rest } = product;
  return rest;
}
