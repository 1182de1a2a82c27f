/**
 * `jne seed --demo` and the embedded server's first start: a living demo shop (category tree,
 * ~300 products with stock in the own warehouse and at suppliers, three suppliers, an admin).
 * All in one transaction; it refuses a database that already has products or users.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { createUser } from '../auth/service.js';
import { repriceProducts } from '../catalog/prices.js';
import type { DB } from '../db/types.js';
import { ConflictError } from '../errors.js';
import { createSupplier } from '../suppliers/service.js';
import type { Supplier } from '../suppliers/types.js';
import { DEMO_CATEGORIES, generateProducts, type DemoCategory } from './catalog.js';
import { DEMO_SUPPLIERS } from './suppliers.js';

export const DEMO_ADMIN_EMAIL = 'admin@jneoutlet.example';

export interface DemoResult {
  categories: number;
  products: number;
  suppliers: number;
  admin: { email: string; password: string };
}

export class ShopNotEmptyError extends ConflictError {}

export async function isEmptyShop(db: Kysely<DB>): Promise<boolean> {
  const row = await sql<{ products: number; users: number }>`
    select (select count(*) from products) as products, (select count(*) from users) as users`.execute(db);
  return Number(row.rows[0]!.products) === 0 && Number(row.rows[0]!.users) === 0;
}

export async function seedDemo(
  trx: Transaction<DB>,
  credentialsKey: Buffer,
  options: { adminPassword?: string | undefined; now?: Date } = {},
): Promise<DemoResult> {
  const password = options.adminPassword ?? randomBytes(12).toString('base64url');
  const now = options.now ?? new Date();
  // Serialize concurrent seeds (two first starts): the second waits, then sees the data.
  await sql`lock table products, users in share row exclusive mode`.execute(trx);
  if (!(await isEmptyShop(trx))) {
    throw new ShopNotEmptyError(
      'the shop already has products or users: jne seed --demo only fills an empty database (restore or use a new one)',
    );
  }
  const categoryIds = new Map<string, number>();
  const insertLevel = async (nodes: DemoCategory[], parentId: number | null) => {
    for (const [position, node] of nodes.entries()) {
      const row = await trx
        .insertInto('categories')
        .values({ name: node.name, slug: node.slug, description: node.description, parent_id: parentId, position })
        .returning('id')
        .executeTakeFirstOrThrow();
      categoryIds.set(node.slug, row.id);
      if (node.children) await insertLevel(node.children, row.id);
    }
  };
  await insertLevel(DEMO_CATEGORIES, null);

  const suppliers: Supplier[] = [];
  for (const input of DEMO_SUPPLIERS) suppliers.push(await createSupplier(trx, credentialsKey, input));

  const products = generateProducts();
  const inserted = await trx
    .insertInto('products')
    .values(
      products.map((p) => ({
        sku: p.sku,
        slug: p.slug,
        name: p.name,
        description: p.description,
        category_id: categoryIds.get(p.categorySlug)!,
        gtin: p.gtin,
        price: p.price,
        compare_at_price: p.compareAtPrice,
        cost_price: p.costPrice,
        status: p.status,
        images: JSON.stringify(p.images),
        attributes: JSON.stringify(p.attributes),
        created_at: new Date(now.getTime() - p.ageMinutes * 60_000),
        updated_at: new Date(now.getTime() - p.ageMinutes * 60_000),
      })),
    )
    .returning(['id', 'sku'])
    .execute();
  const productIds = new Map(inserted.map((r) => [r.sku, r.id]));

  const warehouse = await trx
    .insertInto('inventory_sources')
    .values({ type: 'warehouse', code: 'MAIN', name: 'Own warehouse Hamburg', priority: 10 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('inventory_sources')
    .values(
      suppliers.map((s, i) => ({
        type: 'supplier' as const,
        code: `SUP-${s.code}`,
        name: s.name,
        supplier_id: s.id,
        priority: 100 + i,
      })),
    )
    .execute();
  const stocked = products.filter((p) => p.warehouseStock !== undefined);
  if (stocked.length > 0) {
    await trx
      .insertInto('fulfillment_inventory')
      .values(
        stocked.map((p) => ({
          source_id: warehouse.id,
          product_id: productIds.get(p.sku)!,
          quantity_on_hand: p.warehouseStock!,
          low_stock_threshold: 3,
        })),
      )
      .execute();
  }
  const offered = products.filter((p) => p.supplier !== undefined);
  if (offered.length > 0) {
    await trx
      .insertInto('supplier_catalogs')
      .values(
        offered.map((p) => ({
          supplier_id: suppliers[p.supplier!.index]!.id,
          supplier_sku: `${suppliers[p.supplier!.index]!.code}-${p.sku.slice(4)}`,
          product_id: productIds.get(p.sku)!,
          gtin: p.gtin,
          name: p.name,
          cost_price: p.costPrice,
          stock_quantity: p.supplier!.stock,
          lead_time_days: p.supplier!.leadTimeDays,
        })),
      )
      .execute();
    await trx
      .updateTable('suppliers')
      .set({ last_catalog_sync_at: now })
      .where(
        'id',
        'in',
        suppliers.map((s) => s.id),
      )
      .execute();
  }

  // Selling prices are the rules' output from the first moment: the generated prices were only
  // there to fill the column (compare-at prices stay, they are the demo's sale prices).
  await repriceProducts(trx, { reason: 'demo shop seeded' });

  await createUser(trx, { email: DEMO_ADMIN_EMAIL, password, role: 'admin', name: 'Demo Admin' });
  return {
    categories: categoryIds.size,
    products: products.length,
    suppliers: suppliers.length,
    admin: { email: DEMO_ADMIN_EMAIL, password },
  };
}
