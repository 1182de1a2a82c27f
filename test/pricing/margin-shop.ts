/**
 * Random shops for the margin property test and its fixed regressions: what a shop and a step
 * are (fast-check arbitraries), how they are written and run through the shop's own services,
 * and the oracle: which units keep the minimum margin, computed in TypeScript from the raw rows
 * (exact decimals as BigInt), independently of the SQL that prices, offers and routes.
 */
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import type { DB } from '../../src/db/types.js';
import { InvalidInputError } from '../../src/errors.js';
import { setStock } from '../../src/inventory/stock-service.js';
import { placeOrder } from '../../src/orders/placement.js';
import { explainPricing } from '../../src/pricing/explain.js';
import { repriceProducts } from '../../src/catalog/prices.js';
import { updateRule } from '../../src/pricing/rules-service.js';
import { NotRoutableError } from '../../src/routing/errors.js';
import { toUnits } from '../../src/money.js';
import { updateSupplier } from '../../src/suppliers/service.js';
import type { TestDatabase } from '../support/databases.js';
import { germanCsv, GERMAN_MAPPING, runImport } from '../catalog-import/support.js';

/** Integer cents as a decimal string. */
const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
const money = (min: number, max: number) => fc.integer({ min, max }).map(cents);

type Shipping =
  | { type: 'flat'; amount: string }
  | { type: 'per_item'; amount: string }
  | { type: 'free_over'; amount: string; threshold: string };

export interface ShopRule {
  scope: 'all' | 'cost_range' | 'supplier';
  supplier: number;
  minCost: string | null;
  maxCost: string | null;
  priority: number;
  markupType: 'percent' | 'fixed' | 'multiplier';
  markupValue: string;
  minMargin: string;
  rounding: 'none' | '0.99' | '0.90' | 'whole';
}

export interface Shop {
  suppliers: { fee: string; shipping: Shipping; buffer: number }[];
  products: { cost: string; own: number }[];
  offers: { supplier: number; product: number; cost: string; stock: number }[];
  rules: ShopRule[];
  fallback: { markup: string; minMargin: string };
}

export type Step =
  | { kind: 'stock'; product: number; quantity: number }
  | { kind: 'import'; supplier: number; product: number; cost: string; stock: number }
  | { kind: 'pause'; supplier: number; paused: boolean }
  | { kind: 'rule'; markup: string; minMargin: string }
  | { kind: 'order'; product: number; quantity: number };

const shipping: fc.Arbitrary<Shipping> = fc.oneof(
  money(0, 600).map((amount) => ({ type: 'flat' as const, amount })),
  money(0, 200).map((amount) => ({ type: 'per_item' as const, amount })),
  fc
    .tuple(money(0, 700), money(0, 10000))
    .map(([amount, threshold]) => ({ type: 'free_over' as const, amount, threshold })),
);

const rule: fc.Arbitrary<ShopRule> = fc.record({
  scope: fc.constantFrom('all' as const, 'cost_range' as const, 'supplier' as const),
  supplier: fc.nat(2),
  minCost: fc.option(money(0, 3000), { nil: null }),
  maxCost: fc.option(money(3001, 9000), { nil: null }),
  priority: fc.integer({ min: 1, max: 50 }),
  markupType: fc.constantFrom('percent' as const, 'fixed' as const, 'multiplier' as const),
  markupValue: fc.integer({ min: 1, max: 300 }).map(String),
  minMargin: fc.integer({ min: 0, max: 60 }).map(String),
  rounding: fc.constantFrom('none' as const, '0.99' as const, '0.90' as const, 'whole' as const),
});

export const shopArbitrary: fc.Arbitrary<Shop> = fc.record({
  suppliers: fc.array(fc.record({ fee: money(0, 400), shipping, buffer: fc.nat(3) }), { minLength: 1, maxLength: 3 }),
  products: fc.array(fc.record({ cost: money(100, 6000), own: fc.nat(8) }), { minLength: 1, maxLength: 3 }),
  offers: fc.array(fc.record({ supplier: fc.nat(2), product: fc.nat(2), cost: money(50, 6000), stock: fc.nat(30) }), {
    maxLength: 5,
  }),
  rules: fc.array(rule, { maxLength: 3 }),
  fallback: fc.record({
    markup: fc.integer({ min: 0, max: 100 }).map(String),
    minMargin: fc.integer({ min: 0, max: 50 }).map(String),
  }),
});

export const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('stock' as const), product: fc.nat(2), quantity: fc.nat(10) }),
  fc.record({
    kind: fc.constant('import' as const),
    supplier: fc.nat(2),
    product: fc.nat(2),
    cost: money(50, 6000),
    stock: fc.nat(30),
  }),
  fc.record({ kind: fc.constant('pause' as const), supplier: fc.nat(2), paused: fc.boolean() }),
  fc.record({
    kind: fc.constant('rule' as const),
    markup: fc.integer({ min: 0, max: 100 }).map(String),
    minMargin: fc.integer({ min: 0, max: 50 }).map(String),
  }),
  {
    // Orders are what can lose money: drawn three times as often as any other step.
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      product: fc.nat(2),
      quantity: fc.integer({ min: 1, max: 40 }),
    }),
  },
);

const SHIPPING = { flatFee: '4.95', freeOver: '50.00' };
const sku = (p: number) => `P${p}`;
const supplierCode = (s: number) => `S${s}`;

export function actions(database: TestDatabase, key: Buffer) {
  const db: Kysely<DB> = database.db;
  let suppliers = 0;
  let products = 0;
  let orders = 0;
  const ids = { supplier: [] as number[], fallbackRule: 0 };

  return {
    async reset() {
      await sql`TRUNCATE products, suppliers, inventory_sources, customers, orders, pricing_rules, catalog_imports,
                 product_price_changes RESTART IDENTITY CASCADE`.execute(db);
    },

    async build(shop: Shop) {
      suppliers = shop.suppliers.length;
      products = shop.products.length;
      ids.supplier = [];
      for (const [i, s] of shop.suppliers.entries()) {
        const row = await db
          .insertInto('suppliers')
          .values({
            code: supplierCode(i),
            name: `Supplier ${i}`,
            is_dropship: true,
            per_order_fee: s.fee,
            shipping_cost_rule: JSON.stringify(s.shipping),
            stock_buffer: s.buffer,
            catalog_column_mapping: JSON.stringify(GERMAN_MAPPING),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.supplier.push(row.id);
      }
      await db.insertInto('inventory_sources').values({ type: 'warehouse', code: 'MAIN', name: 'Main' }).execute();
      for (const [i, p] of shop.products.entries()) {
        await db
          .insertInto('products')
          .values({
            sku: sku(i),
            slug: `p${i}`,
            name: `Product ${i}`,
            price: '1.00',
            cost_price: p.cost,
            status: 'active',
            gtin: String(10_000_000 + i),
          })
          .execute();
        if (p.own > 0) {
          await sql`INSERT INTO fulfillment_inventory (source_id, product_id, quantity_on_hand)
                    SELECT s.id, p.id, ${p.own} FROM inventory_sources s, products p
                     WHERE s.code = 'MAIN' AND p.sku = ${sku(i)}`.execute(db);
        }
      }
      const seen = new Set<string>();
      for (const o of shop.offers) {
        const [s, p] = [o.supplier % suppliers, o.product % products];
        if (seen.has(`${s}:${p}`)) continue;
        seen.add(`${s}:${p}`);
        await sql`INSERT INTO supplier_catalogs (supplier_id, supplier_sku, product_id, cost_price, stock_quantity)
                  SELECT ${ids.supplier[s]!}, ${`${supplierCode(s)}-${sku(p)}`}, id, ${o.cost}, ${o.stock}
                    FROM products WHERE sku = ${sku(p)}`.execute(db);
      }
      const fallback = await db
        .insertInto('pricing_rules')
        .values({
          name: 'fallback',
          scope: 'all',
          priority: 1000,
          markup_type: 'percent',
          markup_value: shop.fallback.markup,
          min_margin_percent: shop.fallback.minMargin,
          rounding: '0.99',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.fallbackRule = fallback.id;
      for (const [i, r] of shop.rules.entries()) {
        await db
          .insertInto('pricing_rules')
          .values({
            name: `rule ${i}`,
            scope: r.scope,
            supplier_id: r.scope === 'supplier' ? ids.supplier[r.supplier % suppliers]! : null,
            min_cost: r.scope === 'cost_range' ? (r.minCost ?? '0') : null,
            max_cost: r.scope === 'cost_range' ? r.maxCost : null,
            priority: r.priority,
            markup_type: r.markupType,
            markup_value: r.markupValue,
            min_margin_percent: r.minMargin,
            rounding: r.rounding,
          })
          .execute();
      }
      await repriceProducts(db, { reason: 'random shop built' });
    },

    async run(step: Step) {
      if (step.kind === 'stock') {
        await inTransaction(db, (trx) =>
          setStock(
            trx,
            { sku: sku(step.product % products), quantityOnHand: step.quantity, sourceCode: 'MAIN' },
            { actor: 'property test' },
          ),
        ).catch((error: unknown) => {
          // Below what open orders reserved: refused, nothing written.
          if (!(error instanceof Error && /reserved for open orders/.test(error.message))) throw error;
        });
      } else if (step.kind === 'import') {
        const s = step.supplier % suppliers;
        const p = step.product % products;
        const report = await runImport(
          database,
          supplierCode(s),
          germanCsv([
            { sku: `${supplierCode(s)}-${sku(p)}`, cost: step.cost, stock: step.stock, gtin: String(10_000_000 + p) },
          ]),
          { mode: 'delta', force: true },
        );
        expect(report.status).toBe('completed');
      } else if (step.kind === 'pause') {
        await inTransaction(db, (trx) =>
          updateSupplier(trx, key, ids.supplier[step.supplier % suppliers]!, {
            status: step.paused ? 'paused' : 'active',
          }),
        );
      } else if (step.kind === 'rule') {
        await db
          .transaction()
          .execute((trx) =>
            updateRule(trx, ids.fallbackRule, { markupValue: step.markup, minMarginPercent: step.minMargin }),
          );
      } else {
        await this.order(step.product % products, step.quantity);
      }
    },

    /** An order succeeds exactly when the shop offers the quantity; what it places keeps the margin. */
    async order(p: number, quantity: number) {
      const offered = (await oracle(db)).get(sku(p))!.offered;
      orders += 1;
      const input = {
        items: [{ sku: sku(p), quantity }],
        customer: { email: `buyer${orders}@example.com`, name: 'Buyer' },
        shippingAddress: { name: 'Buyer', line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      };
      const placed = await inTransaction(db, (trx) => placeOrder(trx, input, { shipping: SHIPPING })).catch(
        (error: unknown) => {
          if (error instanceof NotRoutableError || error instanceof InvalidInputError) return error;
          throw error;
        },
      );
      if (quantity <= offered) {
        expect(placed, `an order for ${quantity} of ${offered} offered units of ${sku(p)}`).not.toBeInstanceOf(Error);
        await placedLinesKeepMargin(db, (placed as { order: { id: number } }).order.id);
      } else {
        expect(placed).toBeInstanceOf(NotRoutableError);
        expect((placed as NotRoutableError).lines[0]!.available).toBe(offered);
      }
    },

    /** Prices in step with their basis; the offered units are exactly the oracle's. */
    async check() {
      expect(await repriceWouldChange(db)).toBe(0);
      for (const [s, product] of await oracle(db)) {
        const explained = await explainPricing(db, { sku: s });
        expect(explained.availableQuantity, `units of ${s} offered at ${product.price}`).toBe(product.offered);
      }
    },
  };
}

/** Runs a full reprice in a transaction that is rolled back; returns how many prices it would change. */
async function repriceWouldChange(db: Kysely<DB>): Promise<number> {
  const rollback = new Error('rollback');
  let changed = -1;
  await db
    .transaction()
    .execute(async (trx) => {
      changed = (await repriceProducts(trx, { reason: 'check' })).repriced;
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return changed;
}

interface RuleRow {
  id: number;
  scope: string;
  supplier_id: number | null;
  min_cost: string | null;
  max_cost: string | null;
  priority: number;
  min_margin_percent: string;
  is_active: boolean;
}

/** The minimum margin (units of 1/10000 percent) of the winning rule for a cost from a supplier. */
function minMargin(rules: RuleRow[], cost: bigint, supplierId: number | null): bigint {
  const winner = rules
    .filter((r) => r.is_active)
    .sort((a, b) => a.priority - b.priority || a.id - b.id)
    .find(
      (r) =>
        r.scope === 'all' ||
        (r.scope === 'cost_range' &&
          (r.min_cost === null || cost >= toUnits(r.min_cost)) &&
          (r.max_cost === null || cost < toUnits(r.max_cost))) ||
        (r.scope === 'supplier' && r.supplier_id === supplierId),
    );
  return winner ? toUnits(winner.min_margin_percent) : 0n;
}

/** price x (1 - margin / 100) >= cost, exactly. */
function keeps(price: bigint, cost: bigint, margin: bigint): boolean {
  return price * (1_000_000n - margin) >= cost * 1_000_000n;
}

function landed(cost: bigint, fee: string, rule: Shipping): bigint {
  const ship =
    rule.type === 'free_over' ? (cost >= toUnits(rule.threshold) ? 0n : toUnits(rule.amount)) : toUnits(rule.amount);
  return cost + toUnits(fee) + ship;
}

/** Per SKU: the price and the units of sources that keep the margin at it. */
export async function oracle(db: Kysely<DB>): Promise<Map<string, { price: string; offered: number }>> {
  const rules = (await sql<RuleRow>`SELECT * FROM pricing_rules`.execute(db)).rows;
  const products = await db.selectFrom('products').select(['id', 'sku', 'price', 'cost_price']).orderBy('id').execute();
  const own = await db
    .selectFrom('fulfillment_inventory')
    .select(['product_id', 'quantity_available'])
    .where('quantity_available', '>', 0)
    .execute();
  const offers = (
    await sql<{
      product_id: number;
      supplier_id: number;
      cost_price: string;
      units: number;
      per_order_fee: string;
      shipping_cost_rule: Shipping;
    }>`
      SELECT sc.product_id, s.id AS supplier_id, sc.cost_price, sc.stock_quantity - s.stock_buffer AS units,
             s.per_order_fee, s.shipping_cost_rule
        FROM supplier_catalogs sc JOIN suppliers s ON s.id = sc.supplier_id
       WHERE s.status = 'active' AND s.is_dropship AND sc.is_available AND sc.stock_quantity > s.stock_buffer`.execute(
      db,
    )
  ).rows;
  const result = new Map<string, { price: string; offered: number }>();
  for (const p of products) {
    const price = toUnits(p.price);
    let offered = 0;
    for (const o of own.filter((x) => x.product_id === p.id)) {
      const cost = toUnits(p.cost_price!);
      if (keeps(price, cost, minMargin(rules, cost, null))) offered += o.quantity_available!;
    }
    for (const o of offers.filter((x) => x.product_id === p.id)) {
      const cost = landed(toUnits(o.cost_price), o.per_order_fee, o.shipping_cost_rule);
      if (keeps(price, cost, minMargin(rules, cost, o.supplier_id))) offered += o.units;
    }
    result.set(p.sku, { price: p.price, offered });
  }
  return result;
}

/** Every allocation of the order: its unit cost with the supplier's fee and shipping keeps the margin. */
async function placedLinesKeepMargin(db: Kysely<DB>, orderId: number) {
  const rules = (await sql<RuleRow>`SELECT * FROM pricing_rules`.execute(db)).rows;
  const lines = (
    await sql<{
      unit_price: string;
      unit_cost: string;
      supplier_id: number | null;
      per_order_fee: string | null;
      shipping_cost_rule: Shipping | null;
    }>`
      SELECT oi.unit_price, a.unit_cost, so.supplier_id, s.per_order_fee, s.shipping_cost_rule
        FROM order_item_allocations a
        JOIN order_items oi ON oi.id = a.order_item_id
        LEFT JOIN supplier_order_items soi ON soi.id = a.supplier_order_item_id
        LEFT JOIN supplier_orders so ON so.id = soi.supplier_order_id
        LEFT JOIN suppliers s ON s.id = so.supplier_id
       WHERE a.order_id = ${orderId}`.execute(db)
  ).rows;
  expect(lines.length).toBeGreaterThan(0);
  for (const l of lines) {
    const cost =
      l.supplier_id === null
        ? toUnits(l.unit_cost)
        : landed(toUnits(l.unit_cost), l.per_order_fee!, l.shipping_cost_rule!);
    expect(
      keeps(toUnits(l.unit_price), cost, minMargin(rules, cost, l.supplier_id)),
      `a line at ${l.unit_price} from ${l.supplier_id ?? 'own stock'} at cost ${l.unit_cost}`,
    ).toBe(true);
  }
}
