/** A small known catalog for route tests: a category tree, products in each state, stock. */
import type { Kysely, Transaction } from 'kysely';
import { createCategory, createProduct } from '../../src/catalog/service.js';
import type { DB } from '../../src/db/types.js';

export interface SmallCatalog {
  categories: { fashion: number; shoes: number; sneakers: number; home: number };
  /** sku -> id */
  products: Record<string, number>;
}

export function smallCatalog(db: Kysely<DB>): Promise<SmallCatalog> {
  return db.transaction().execute(build);
}

async function build(db: Transaction<DB>): Promise<SmallCatalog> {
  const fashion = (await createCategory(db, { name: 'Fashion' })).id;
  const shoes = (await createCategory(db, { name: 'Shoes', parentId: fashion })).id;
  const sneakers = (await createCategory(db, { name: 'Sneakers', parentId: shoes })).id;
  const home = (await createCategory(db, { name: 'Home', position: 1 })).id;
  const rows: [string, string, string, number, 'active' | 'draft' | 'archived'][] = [
    ['SNK-1', 'Blue Runner Sneakers', '59.99', sneakers, 'active'],
    ['SNK-2', 'White Court Sneakers', '49.99', sneakers, 'active'],
    ['BOOT-1', 'Chelsea Boots', '89.99', shoes, 'active'],
    ['TEE-1', 'Organic Cotton T-Shirt', '12.50', fashion, 'active'],
    ['MUG-1', 'Stoneware Mug', '8.00', home, 'active'],
    ['LAMP-1', 'Brass Table Lamp', '79.00', home, 'draft'],
    ['OLD-1', 'Discontinued Vase', '19.99', home, 'archived'],
  ];
  const products: Record<string, number> = {};
  for (const [sku, name, price, categoryId, status] of rows) {
    products[sku] = (await createProduct(db, { sku, name, price, categoryId, status, costPrice: '1.00' })).id;
  }
  // Own stock for SNK-1 and MUG-1 (MUG-1 fully reserved: not in stock); a supplier offer for BOOT-1.
  const source = await db
    .insertInto('inventory_sources')
    .values({ type: 'warehouse', code: 'MAIN', name: 'Main' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('fulfillment_inventory')
    .values([
      { source_id: source.id, product_id: products['SNK-1']!, quantity_on_hand: 5 },
      { source_id: source.id, product_id: products['MUG-1']!, quantity_on_hand: 2, quantity_reserved: 2 },
    ])
    .execute();
  const supplier = await db
    .insertInto('suppliers')
    .values({ code: 'SUP', name: 'Supplier', stock_buffer: 1, is_dropship: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('supplier_catalogs')
    .values([
      {
        supplier_id: supplier.id,
        supplier_sku: 'S-BOOT',
        product_id: products['BOOT-1']!,
        cost_price: '40',
        stock_quantity: 3,
      },
      // At or below the buffer: does not count.
      {
        supplier_id: supplier.id,
        supplier_sku: 'S-TEE',
        product_id: products['TEE-1']!,
        cost_price: '4',
        stock_quantity: 1,
      },
    ])
    .execute();
  return { categories: { fashion, shoes, sneakers, home }, products };
}
