/**
 * Prices and minimum margins as they would be with one pricing rule changed, computed in SQL from
 * the same rule matching and price function as the reprice, without writing: the changed rules
 * are a CTE built from pricing_rules with the one rule's fields replaced. Named pricing_rules in
 * a plain WITH, it stands in for the table in the cost basis query beneath it.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { costBasisCtes } from '../pricing-engine/cost-basis.js';
import { categoryAncestorsCte, ruleMatches, rulePrecedence } from '../pricing-engine/rule-matching.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface RuleChange {
  ruleId: number;
  markupType?: 'percent' | 'fixed' | 'multiplier' | undefined;
  markupValue?: string | undefined;
  minMarginPercent?: string | undefined;
  rounding?: string | undefined;
}

/** A cost to find the minimum margin of: own stock (supplierId null) or a supplier's landed unit cost. */
export interface SourceCost {
  key: string;
  productId: number;
  supplierId: number | null;
  cost: string;
}

/** Per product with a cost basis: its rule price now and with the change (a locked price stays). */
export async function rulePricesWithChange(
  db: Db,
  change: RuleChange,
  productIds: number[],
): Promise<Map<number, { now: string; changed: string }>> {
  if (productIds.length === 0) return new Map();
  const target = sql`SELECT p.id, p.category_id, p.cost_price, p.currency, p.price, p.compare_at_price
                       FROM products p WHERE p.id = ANY(${sql.val(productIds)}::bigint[])`;
  const priced = sql`${costBasisCtes(target)} SELECT product_id, price FROM chosen`;
  const { rows } = await sql<{ product_id: number; now: string; changed: string }>`
    SELECT now_.product_id, now_.price::text AS now,
           CASE WHEN p.price_locked THEN now_.price ELSE changed.price END::text AS changed
      FROM (${priced}) now_
      JOIN (WITH pricing_rules AS (${changedRules(change)}) SELECT * FROM (${priced}) x) changed
        ON changed.product_id = now_.product_id
      JOIN products p ON p.id = now_.product_id`.execute(db);
  return new Map(rows.map((r) => [r.product_id, { now: r.now, changed: r.changed }]));
}

/** Per source (by key): the minimum margin of the rule that wins for its cost under the changed rules. */
export async function minMarginsWithChange(
  db: Db,
  change: RuleChange,
  sources: SourceCost[],
): Promise<Map<string, string>> {
  if (sources.length === 0) return new Map();
  const { rows } = await sql<{ key: string; min_margin: string }>`
    WITH RECURSIVE ${categoryAncestorsCte},
    changed_rules AS (${changedRules(change)})
    SELECT q.key, coalesce((SELECT r.min_margin_percent FROM changed_rules r WHERE ${ruleMatches}
                             ORDER BY ${rulePrecedence} LIMIT 1), 0)::text AS min_margin
      FROM jsonb_to_recordset(${JSON.stringify(sources)}::jsonb)
             AS q(key text, "productId" bigint, "supplierId" bigint, cost numeric)
      JOIN products p ON p.id = q."productId"
     CROSS JOIN LATERAL (SELECT p.category_id, q."supplierId" AS supplier_id, q.cost) b`.execute(db);
  return new Map(rows.map((r) => [r.key, r.min_margin]));
}

/** The pricing_rules rows with the changed rule's fields replaced, cast to the columns' types. */
function changedRules(change: RuleChange): RawBuilder<unknown> {
  const field = (column: string, value: string | undefined, type: string) =>
    value === undefined
      ? sql.ref(`pricing_rules.${column}`)
      : sql`CASE WHEN pricing_rules.id = ${change.ruleId} THEN ${value}::${sql.raw(type)} ELSE pricing_rules.${sql.ref(column)} END`;
  return sql`SELECT pricing_rules.id, pricing_rules.name, pricing_rules.scope, pricing_rules.category_id,
                    pricing_rules.supplier_id, pricing_rules.min_cost, pricing_rules.max_cost, pricing_rules.priority,
                    ${field('markup_type', change.markupType, 'text')} AS markup_type,
                    ${field('markup_value', change.markupValue, 'numeric(12,4)')} AS markup_value,
                    ${field('min_margin_percent', change.minMarginPercent, 'numeric(6,2)')} AS min_margin_percent,
                    ${field('rounding', change.rounding, 'text')} AS rounding,
                    pricing_rules.compare_at_markup_percent, pricing_rules.is_active
               FROM pricing_rules`;
}
