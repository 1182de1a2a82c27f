/**
 * Which pricing rule prices a cost, in SQL, shared by the preview (one cost) and the set-based
 * reprice (the whole catalog). Rules are tried in ascending priority, ties by id; the first whose
 * scope matches wins:
 *   all          every cost
 *   cost_range   min_cost <= cost < max_cost (a NULL bound is open)
 *   supplier     the cost comes from that supplier's offer
 *   category     the product is in that category or one of its subcategories
 * The price itself is the SQL function pricing_price() of migration 007.
 */
import { sql, type RawBuilder } from 'kysely';

/**
 * Every (category, ancestor-or-self) pair; a CTE for WITH RECURSIVE. The categories table is
 * small (hundreds of rows), so it is computed whole.
 */
export const categoryAncestorsCte = sql`category_ancestors (category_id, ancestor_id) AS (
    SELECT id, id FROM categories
    UNION ALL
    SELECT a.category_id, c.parent_id FROM category_ancestors a JOIN categories c ON c.id = a.ancestor_id
     WHERE c.parent_id IS NOT NULL
  )`;

/** The join condition between a basis row `b` (category_id, supplier_id, cost) and a rule `r`. */
export const ruleMatches = sql`r.is_active AND (
       r.scope = 'all'
    OR (r.scope = 'cost_range' AND (r.min_cost IS NULL OR b.cost >= r.min_cost) AND (r.max_cost IS NULL OR b.cost < r.max_cost))
    OR (r.scope = 'supplier' AND r.supplier_id = b.supplier_id)
    OR (r.scope = 'category' AND EXISTS (
          SELECT 1 FROM category_ancestors a WHERE a.category_id = b.category_id AND a.ancestor_id = r.category_id)))`;

/** The precedence of matching rules: the first one wins. */
export const rulePrecedence = sql`r.priority, r.id`;

/** price and compare_at_price columns of a rule `r` applied to cost expression `cost`. */
export function priceColumns(cost: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`pricing_price(${cost}, r.markup_type, r.markup_value, r.min_margin_percent, r.rounding) AS price,
    CASE WHEN r.compare_at_markup_percent IS NOT NULL
         THEN pricing_round(pricing_price(${cost}, r.markup_type, r.markup_value, r.min_margin_percent, r.rounding)
                            * (1 + r.compare_at_markup_percent / 100), r.rounding)
    END AS compare_at_price`;
}
