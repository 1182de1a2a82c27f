/**
 * The selling prices of products and their history, written set-based: one statement prices every
 * product in scope by the winning pricing rule (the prices of src/pricing-engine/next-prices.ts)
 * and logs every change it makes in product_price_changes (old and new price, cost basis, rule,
 * the reason the caller gives). Locked and archived products are left alone, and only products
 * whose price or compare-at price really changes are written.
 *
 * It runs wherever a cost basis changes, inside that change's transaction: own stock set,
 * received or shipped, a catalog import, a supplier's status, fees or shipping changed, a product
 * linked or unlinked, a rule created, changed or removed; and by the stale-feed check.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { nextPricesCtes, repriceTarget, type PriceScope } from '../pricing-engine/next-prices.js';

export interface RepriceScope extends PriceScope {
  /** Why, in the change log: 'rule 3 changed', 'own stock of SKU X set', ... */
  reason: string;
}

export interface RepriceResult {
  /** Products whose price or compare-at price changed. */
  repriced: number;
}

export async function repriceProducts(db: Kysely<DB> | Transaction<DB>, scope: RepriceScope): Promise<RepriceResult> {
  if (scope.productIds && scope.productIds.length === 0) return { repriced: 0 };
  if (!db.isTransaction) return db.transaction().execute((trx) => repriceProducts(trx, scope));
  // No JIT for this statement: the planner cannot estimate the joins of a cost basis with the
  // rules, its cost estimate runs into the billions and JIT compilation (1 to 2 s for the whole
  // catalog) costs more than the whole statement takes without it. Sort memory for its sorts of
  // the whole catalog (products by rule, DISTINCT ON): at the default 4MB they spill to disk (about
  // 70 MB for 200,000 products). Both restored afterwards.
  const { rows } = await sql<{ jit: string; workMem: string }>`
    SELECT current_setting('jit') AS jit, current_setting('work_mem') AS "workMem",
           set_config('jit', 'off', true) AS off, set_config('work_mem', '64MB', true) AS sort_memory`.execute(db);
  const result = await repriceStatement(scope).execute(db);
  await sql`SELECT set_config('jit', ${rows[0]!.jit}, true), set_config('work_mem', ${rows[0]!.workMem}, true)`.execute(
    db,
  );
  return { repriced: Number(result.numAffectedRows ?? 0n) };
}

/** The one statement of a reprice (the benchmark explains it). */
export function repriceStatement(scope: RepriceScope): RawBuilder<unknown> {
  return sql`
    ${nextPricesCtes(repriceTarget(scope))},
    updated AS (
      UPDATE products p
         -- stamped here: products_set_updated_at then skips its call for every row (migration 023)
         SET price = n.price, compare_at_price = n.new_compare_at, updated_at = now()
        FROM next n
       WHERE p.id = n.product_id
         AND (p.price, p.compare_at_price) IS DISTINCT FROM (n.price, n.new_compare_at)
      -- what the log needs, from the row of next that priced it (no second join with next)
      RETURNING n.product_id, n.old_price, n.price, n.old_compare_at, n.new_compare_at, n.cost, n.basis_source,
                n.rule_id, n.rule_name
    )
    INSERT INTO product_price_changes
      (product_id, old_price, new_price, old_compare_at_price, new_compare_at_price, cost_basis, basis_source,
       rule_id, rule_name, reason)
    SELECT u.product_id, u.old_price, u.price, u.old_compare_at, u.new_compare_at, u.cost, u.basis_source,
           u.rule_id, u.rule_name, ${scope.reason}
      FROM updated u`;
}

/**
 * The scheduled check of supplier feeds: a feed older than its supplier's catalog_max_age_hours
 * no longer counts as sellable, so the products it was the cost basis of are repriced. One
 * statement; repricing an unchanged product writes nothing.
 */
export function repriceStaleFeeds(db: Kysely<DB> | Transaction<DB>): Promise<RepriceResult> {
  return repriceProducts(db, { reason: 'supplier feed stale (scheduled check)', staleFeeds: true });
}
