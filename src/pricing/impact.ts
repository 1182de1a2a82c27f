/**
 * What saving a rule change would do to the catalog, before it is saved: the prices the reprice
 * writes (src/pricing-engine/next-prices.ts), computed over the proposed rule set (proposal.ts)
 * and compared with the prices stored now. One statement; nothing is written.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { nextPricesCtes, repriceTarget } from '../pricing-engine/next-prices.js';
import { proposedRules, type RuleProposal } from './proposal.js';

export interface PriceMove {
  productId: number;
  sku: string;
  name: string;
  oldPrice: string;
  newPrice: string;
  ruleName: string;
}

export interface RuleImpact {
  /** Products a reprice looks at (not locked, not archived, with a cost basis). */
  priced: number;
  /** Products whose price or compare-at price would change. */
  moved: number;
  raised: number;
  lowered: number;
  /** The largest rise and drop of a price, as decimal strings; null when none. */
  largestRise: string | null;
  largestDrop: string | null;
  /** Mean change of the prices that change, in percent of the old price (two decimals). */
  meanChangePercent: string | null;
  /** The largest moves, at most `examples`. */
  examples: PriceMove[];
}

export async function ruleImpact(db: Kysely<DB>, proposal: RuleProposal, examples = 10): Promise<RuleImpact> {
  const rules = await proposedRules(db, proposal);
  const { rows } = await sql<{
    priced: number;
    moved: number;
    raised: number;
    lowered: number;
    largest_rise: string | null;
    largest_drop: string | null;
    mean_change_percent: string | null;
    examples: PriceMove[] | null;
  }>`
    ${nextPricesCtes(repriceTarget({}), rules)},
    moves AS (
      SELECT n.product_id, n.old_price, n.price AS new_price, n.price - n.old_price AS delta, n.rule_name
        FROM next n
       WHERE (n.old_price, n.old_compare_at) IS DISTINCT FROM (n.price, n.new_compare_at)
    ),
    largest AS (
      SELECT m.*, p.sku, p.name FROM moves m JOIN products p ON p.id = m.product_id
       ORDER BY abs(m.delta) DESC, m.product_id LIMIT ${examples}
    )
    SELECT (SELECT count(*) FROM next)::int AS priced,
           count(*)::int AS moved,
           count(*) FILTER (WHERE delta > 0)::int AS raised,
           count(*) FILTER (WHERE delta < 0)::int AS lowered,
           (max(delta) FILTER (WHERE delta > 0))::text AS largest_rise,
           (-min(delta) FILTER (WHERE delta < 0))::text AS largest_drop,
           round(avg(delta / nullif(old_price, 0) * 100), 2)::text AS mean_change_percent,
           (SELECT json_agg(json_build_object('productId', product_id, 'sku', sku, 'name', name,
                   'oldPrice', old_price::text, 'newPrice', new_price::text, 'ruleName', rule_name)
                   ORDER BY abs(delta) DESC, product_id)
              FROM largest) AS examples
      FROM moves`.execute(db);
  const r = rows[0]!;
  return {
    priced: r.priced,
    moved: r.moved,
    raised: r.raised,
    lowered: r.lowered,
    largestRise: r.largest_rise,
    largestDrop: r.largest_drop,
    meanChangePercent: r.mean_change_percent,
    examples: (r.examples ?? []).map((e) => ({ ...e, productId: Number(e.productId) })),
  };
}
