/**
 * SQL of products. The list is one query per request: filters, category subtree (recursive CTE),
 * stock flag, keyset or offset paging and, for offset paging, the count of all matches.
 */
import { compareDecimal } from '../money.js';
import { ownSellableUnits, sellableUnits, supplierOffer } from '../pricing-engine/availability.js';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { PREPARED } from '../db/prepared.js';
import { SQLSTATE, hasSqlState } from '../db/sqlstate.js';
import { CATALOG_STATE } from './catalog-state.js';
import type { DB } from '../db/types.js';
import { encodeCursor, type Cursor } from './cursor.js';
import type { Product, ProductInput, ProductPage, ProductQuery, ProductSort } from './types.js';

interface ProductRow {
  id: number;
  sku: string;
  slug: string;
  name: string;
  description: string | null;
  category_id: number | null;
  category_slug: string | null;
  category_name: string | null;
  gtin: string | null;
  price: string;
  compare_at_price: string | null;
  cost_price: string | null;
  currency: string;
  status: Product['status'];
  images: string[];
  attributes: Record<string, unknown>;
  price_locked: boolean;
  own_stock: boolean;
  /** Units suppliers can ship, and in how many days (null: none can). */
  supplier_offer: [number, number | null];
  created_at: Date;
  updated_at: Date;
  sort_key: string;
  total?: number;
  catalog_state?: string;
}

/** A page of the list and the catalog state it was read in (null for a page without rows). */
export type ListedPage = ProductPage & { catalogState: string | null };

/** Sellable at its current price: units of sources whose cost keeps the margin (pricing-engine/availability.ts). */
const IN_STOCK = sql<boolean>`(${sellableUnits} > 0)`;

/** Where a sellable unit comes from: own stock first (routing takes it first), else a supplier, in how many days. */
const AVAILABILITY = sql`${ownSellableUnits} > 0 as own_stock, ${supplierOffer} as supplier_offer`;

const SORTS: Record<
  ProductSort,
  { key: RawBuilder<string>; order: RawBuilder<unknown>; after: (c: Cursor) => RawBuilder<unknown> }
> = {
  newest: {
    key: sql`p.created_at::text`,
    order: sql`p.created_at desc, p.id desc`,
    after: (c) => sql`(p.created_at, p.id) < (${c.key}::timestamptz, ${c.id})`,
  },
  price: {
    key: sql`p.price::text`,
    order: sql`p.price asc, p.id asc`,
    after: (c) => sql`(p.price, p.id) > (${c.key}::numeric, ${c.id})`,
  },
  price_desc: {
    key: sql`p.price::text`,
    order: sql`p.price desc, p.id desc`,
    after: (c) => sql`(p.price, p.id) < (${c.key}::numeric, ${c.id})`,
  },
  name: {
    key: sql`p.name`,
    order: sql`p.name asc, p.id asc`,
    after: (c) => sql`(p.name, p.id) > (${c.key}, ${c.id})`,
  },
};

function selectProducts(where: RawBuilder<unknown>[]) {
  return sql`
    select p.id, p.sku, p.slug, p.name, p.description, p.category_id,
           c.slug as category_slug, c.name as category_name, p.gtin, p.price, p.compare_at_price,
           p.cost_price, p.currency, p.status, p.images, p.attributes, p.price_locked,
           ${AVAILABILITY}, p.created_at, p.updated_at, null as sort_key
      from products p
      left join categories c on c.id = p.category_id
     where ${where.length > 0 ? sql.join(where, sql` and `) : sql`true`}`;
}

/** Words of a search, each matched as a prefix: "blue sneak" finds "Blue Sneakers". */
export function searchQuery(q: string): string | undefined {
  const words = q.match(/[\p{L}\p{N}]+/gu)?.slice(0, 10) ?? [];
  return words.length > 0 ? words.map((w) => `${w.toLowerCase()}:*`).join(' & ') : undefined;
}

/** The filters of a list query, as conditions on products `p`. */
function listFilters(query: ProductQuery, cursor: Cursor | undefined): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  // The status and the page size are literals (a few validated values each): a plan made without
  // knowing them would expect a tenth of the table and never be reused (see PREPARED below).
  if (query.status) where.push(sql`p.status = ${sql.lit(query.status)}`);
  if (query.category !== undefined) {
    const root = /^\d+$/.test(query.category)
      ? sql`c0.id = ${Number(query.category)}`
      : sql`c0.slug = ${query.category}`;
    where.push(sql`p.category_id in (
      with recursive tree(id) as (
        select c0.id from categories c0 where ${root}
        union all
        select ch.id from categories ch join tree on ch.parent_id = tree.id)
      select id from tree)`);
  }
  if (query.q !== undefined) {
    const tsquery = searchQuery(query.q) ?? '';
    where.push(sql`(to_tsvector('simple', p.name || ' ' || p.sku) @@ to_tsquery('simple', ${tsquery})
                    or upper(p.sku) = upper(${query.q.trim()}))`);
  }
  if (query.minPrice !== undefined) where.push(sql`p.price >= ${query.minPrice}::numeric`);
  if (query.maxPrice !== undefined) where.push(sql`p.price <= ${query.maxPrice}::numeric`);
  if (query.inStock !== undefined) where.push(sql`${IN_STOCK} = ${query.inStock}`);
  if (cursor) where.push(SORTS[query.sort].after(cursor));
  return where;
}

/** The one query of a list page (limit + 1 rows: one more says there is a next page); the bench explains it. */
export function listProductsQuery(
  query: ProductQuery,
  cursor: Cursor | undefined,
  withCount: boolean,
  withState = true,
) {
  const where = listFilters(query, cursor);
  const sort = SORTS[query.sort];
  const filter = where.length > 0 ? sql.join(where, sql` and `) : sql`true`;
  // One level: the LIMIT stops the index scan at the page, and PostgreSQL evaluates the stock
  // subqueries of the select list only for the rows it returns (after a sort, when one is needed).
  // The total is an uncorrelated subquery (computed once, an index-only count), not count(*) over ():
  // a window count would read and sort every matching row instead of letting the index stop at the page.
  const count = withCount ? sql`, (select count(*) from products p where ${filter}) as total` : sql``;
  // The catalog state is read in the same snapshot as the rows (an uncorrelated subquery, once):
  // the page is exactly the list of that state.
  // Prepared: planning this query costs several times what running it does. PostgreSQL reuses its
  // plan once a plan made without the parameters' values looks no dearer than the custom ones:
  // always for a first keyset page, whose only values are literals.
  return sql<ProductRow>`${PREPARED}
    select p.id, p.sku, p.slug, p.name, p.description, p.category_id,
           c.slug as category_slug, c.name as category_name, p.gtin, p.price, p.compare_at_price,
           p.cost_price, p.currency, p.status, p.images, p.attributes, p.price_locked,
           ${AVAILABILITY}, p.created_at, p.updated_at, ${sort.key} as sort_key ${count}
           ${withState ? sql`, ${CATALOG_STATE} as catalog_state` : sql``}
      from products p
      left join categories c on c.id = p.category_id
     where ${filter}
     order by ${sort.order}
     limit ${sql.lit(query.limit + 1)} ${query.offset !== undefined ? sql`offset ${query.offset}` : sql``}`;
}

export async function listProducts(
  db: Kysely<DB>,
  query: ProductQuery,
  cursor: Cursor | undefined,
  withCount: boolean,
): Promise<ListedPage> {
  const rows = await listProductsQuery(query, cursor, withCount)
    .execute(db)
    .then(
      (result) => result.rows,
      // A database rolled back below migration 018 has no catalog state: the list, without an ETag.
      async (error: unknown) => {
        if (!hasSqlState(error, SQLSTATE.undefinedFunction)) throw error;
        return (await listProductsQuery(query, cursor, withCount, false).execute(db)).rows;
      },
    );
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  let total: number | null = null;
  if (withCount) {
    // A page past the end has no row to carry the count: only then a second, counting query.
    total = rows[0]
      ? Number(rows[0].total)
      : (query.offset ?? 0) > 0
        ? await countProducts(db, listFilters(query, cursor))
        : 0;
  }
  return {
    items: page.map(toProduct),
    nextCursor: more && last ? encodeCursor({ sort: query.sort, key: last.sort_key, id: last.id }) : null,
    total,
    // A page without rows carries no state (and its count may come from a second query).
    catalogState: rows[0]?.catalog_state ?? null,
  };
}

async function countProducts(db: Kysely<DB>, where: RawBuilder<unknown>[]): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*) as n from products p
     where ${where.length > 0 ? sql.join(where, sql` and `) : sql`true`}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export async function findProduct(
  db: Kysely<DB>,
  ref: { id: number } | { slug: string } | { sku: string },
  status?: Product['status'],
): Promise<Product | undefined> {
  const where = [
    'id' in ref ? sql`p.id = ${ref.id}` : 'slug' in ref ? sql`p.slug = ${ref.slug}` : sql`p.sku = ${ref.sku}`,
  ];
  if (status) where.push(sql`p.status = ${status}`);
  const result = await sql<ProductRow>`${selectProducts(where)}`.execute(db);
  return result.rows[0] ? toProduct(result.rows[0]) : undefined;
}

export async function slugTaken(db: Kysely<DB>, slug: string): Promise<boolean> {
  const row = await db.selectFrom('products').select('id').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

export async function insertProduct(db: Kysely<DB>, input: ProductInput & { slug: string }): Promise<number> {
  const row = await db
    .insertInto('products')
    .values({
      sku: input.sku,
      slug: input.slug,
      name: input.name,
      price: input.price,
      description: input.description ?? null,
      category_id: input.categoryId ?? null,
      gtin: input.gtin ?? null,
      compare_at_price: input.compareAtPrice ?? null,
      cost_price: input.costPrice ?? null,
      ...(input.currency ? { currency: input.currency } : {}),
      ...(input.status ? { status: input.status } : {}),
      images: JSON.stringify(input.images ?? []),
      attributes: JSON.stringify(input.attributes ?? {}),
      ...(input.priceLocked !== undefined ? { price_locked: input.priceLocked } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProduct(db: Kysely<DB>, id: number, patch: Partial<ProductInput>): Promise<boolean> {
  const set: Record<string, unknown> = {};
  const columns: [keyof ProductInput, string][] = [
    ['sku', 'sku'],
    ['slug', 'slug'],
    ['name', 'name'],
    ['price', 'price'],
    ['description', 'description'],
    ['categoryId', 'category_id'],
    ['gtin', 'gtin'],
    ['compareAtPrice', 'compare_at_price'],
    ['costPrice', 'cost_price'],
    ['currency', 'currency'],
    ['status', 'status'],
    ['priceLocked', 'price_locked'],
  ];
  for (const [field, column] of columns) if (patch[field] !== undefined) set[column] = patch[field];
  if (patch.images !== undefined) set.images = JSON.stringify(patch.images);
  if (patch.attributes !== undefined) set.attributes = JSON.stringify(patch.attributes);
  const result = await db.updateTable('products').set(set).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes a product nothing refers to; archives one that orders or stock refer to. */
export async function deleteOrArchiveProduct(db: Kysely<DB>, id: number): Promise<'deleted' | 'archived' | undefined> {
  const deleted = await sql<{ id: number }>`
    delete from products p
     where p.id = ${id}
       and not exists (select 1 from order_items oi where oi.product_id = p.id)
       and not exists (select 1 from supplier_order_items soi where soi.product_id = p.id)
       and not exists (select 1 from fulfillment_inventory fi where fi.product_id = p.id)
    returning p.id`.execute(db);
  if (deleted.rows.length > 0) return 'deleted';
  const archived = await db.updateTable('products').set({ status: 'archived' }).where('id', '=', id).executeTakeFirst();
  return Number(archived.numUpdatedRows) > 0 ? 'archived' : undefined;
}

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    slug: row.slug,
    name: row.name,
    description: row.description,
    category:
      row.category_id !== null ? { id: row.category_id, slug: row.category_slug!, name: row.category_name! } : null,
    gtin: row.gtin,
    price: row.price,
    // A compare-at price at or below the price is no discount: not shown.
    compareAtPrice:
      row.compare_at_price !== null && compareDecimal(row.compare_at_price, row.price) > 0
        ? row.compare_at_price
        : null,
    currency: row.currency,
    status: row.status,
    images: row.images,
    attributes: row.attributes,
    inStock: row.own_stock || row.supplier_offer[0] > 0,
    availability: row.own_stock
      ? { state: 'in_stock', shipsWithinDays: null }
      : row.supplier_offer[0] > 0
        ? { state: 'from_supplier', shipsWithinDays: row.supplier_offer[1] }
        : { state: 'sold_out', shipsWithinDays: null },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    costPrice: row.cost_price,
    priceLocked: row.price_locked,
  };
}
