/** SQL of categories: the tree with product counts (one recursive query), writes, removal. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Category, CategoryInput } from './types.js';

interface CategoryRow {
  id: number;
  parent_id: number | null;
  name: string;
  slug: string;
  description: string | null;
  position: number;
  is_active: boolean;
  product_count: number;
}

/**
 * Every category with the number of active products in it and its subcategories, as a tree.
 * `activeOnly` (the public view) leaves out inactive categories and everything below them.
 */
export async function categoryTree(db: Kysely<DB>, activeOnly: boolean): Promise<Category[]> {
  const result = await sql<CategoryRow>`
    with recursive closure(ancestor, descendant) as (
      select id, id from categories
      union all
      select cl.ancestor, c.id from closure cl join categories c on c.parent_id = cl.descendant
    ),
    counts as (
      select cl.ancestor as id, count(p.id) as n
        from closure cl
        join products p on p.category_id = cl.descendant and p.status = 'active'
       group by cl.ancestor
    )
    select c.id, c.parent_id, c.name, c.slug, c.description, c.position, c.is_active,
           coalesce(counts.n, 0) as product_count
      from categories c
      left join counts on counts.id = c.id
     where ${activeOnly ? sql`c.is_active` : sql`true`}
     order by c.position, c.name, c.id`.execute(db);
  return buildTree(result.rows);
}

function buildTree(rows: CategoryRow[]): Category[] {
  const nodes = new Map<number, Category>();
  for (const r of rows) {
    nodes.set(r.id, {
      id: r.id,
      parentId: r.parent_id,
      name: r.name,
      slug: r.slug,
      description: r.description,
      position: r.position,
      isActive: r.is_active,
      productCount: Number(r.product_count),
      children: [],
    });
  }
  const roots: Category[] = [];
  for (const node of nodes.values()) {
    if (node.parentId === null) roots.push(node);
    else nodes.get(node.parentId)?.children.push(node); // a hidden parent hides its subtree
  }
  return roots;
}

export async function findCategory(db: Kysely<DB>, id: number): Promise<Category | undefined> {
  const row = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    position: row.position,
    isActive: row.is_active,
    productCount: 0,
    children: [],
  };
}

/** Ids of the category and all categories below it. */
export async function subtreeIds(db: Kysely<DB>, id: number): Promise<number[]> {
  const result = await sql<{ id: number }>`
    with recursive tree(id) as (
      select id from categories where id = ${id}
      union all
      select c.id from categories c join tree on c.parent_id = tree.id)
    select id from tree`.execute(db);
  return result.rows.map((r) => Number(r.id));
}

/** The id of the category with this id (digits) or slug, if there is one. */
export async function findCategoryIdByRef(db: Kysely<DB>, ref: string): Promise<number | undefined> {
  const byId = /^\d+$/.test(ref);
  const row = await db
    .selectFrom('categories')
    .select('id')
    .$if(byId, (qb) => qb.where('id', '=', Number(ref)))
    .$if(!byId, (qb) => qb.where('slug', '=', ref))
    .executeTakeFirst();
  return row?.id;
}

export async function insertCategory(db: Kysely<DB>, input: CategoryInput & { slug: string }): Promise<number> {
  const row = await db
    .insertInto('categories')
    .values({
      name: input.name,
      slug: input.slug,
      parent_id: input.parentId ?? null,
      description: input.description ?? null,
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCategory(db: Kysely<DB>, id: number, patch: Partial<CategoryInput>): Promise<boolean> {
  const set: Record<string, unknown> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.slug !== undefined) set.slug = patch.slug;
  if (patch.parentId !== undefined) set.parent_id = patch.parentId;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.position !== undefined) set.position = patch.position;
  if (patch.isActive !== undefined) set.is_active = patch.isActive;
  const result = await db.updateTable('categories').set(set).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes an empty category; deactivates one that still has products or subcategories. */
export async function deleteOrArchiveCategory(db: Kysely<DB>, id: number): Promise<'deleted' | 'archived' | undefined> {
  const deleted = await sql<{ id: number }>`
    delete from categories c
     where c.id = ${id}
       and not exists (select 1 from products p where p.category_id = c.id)
       and not exists (select 1 from categories ch where ch.parent_id = c.id)
       and not exists (select 1 from pricing_rules r where r.category_id = c.id)
    returning c.id`.execute(db);
  if (deleted.rows.length > 0) return 'deleted';
  const archived = await db.updateTable('categories').set({ is_active: false }).where('id', '=', id).executeTakeFirst();
  return Number(archived.numUpdatedRows) > 0 ? 'archived' : undefined;
}
