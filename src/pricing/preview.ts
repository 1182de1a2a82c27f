/**
 * The price of one cost, as the reprice would compute it, and why: every active rule that
 * matches, in precedence order, each with the price it gives; the first one wins.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { categoryAncestorsCte, priceColumns, ruleMatches, rulePrecedence } from '../pricing-engine/rule-matching.js';

export interface PreviewInput {
  /** Cost per unit, a decimal string. */
  cost: string;
  categoryId?: number;
  supplierId?: number;
}

export interface RuleOutcome {
  ruleId: number;
  ruleName: string;
  scope: string;
  priority: number;
  price: string;
  compareAtPrice: string | null;
}

export interface PricePreview {
  cost: string;
  price: string;
  compareAtPrice: string | null;
  /** (price - cost) / price in percent, two decimals. */
  marginPercent: string;
  rule: RuleOutcome;
  /** Every matching rule, the winner first. */
  matchingRules: RuleOutcome[];
}

/** `rules`: a proposed rule set (proposal.ts) instead of the stored rules. */
export async function previewPrice(
  db: Kysely<DB>,
  input: PreviewInput,
  rules?: RawBuilder<unknown>,
): Promise<PricePreview> {
  const { rows } = await sql<{
    rule_id: number;
    rule_name: string;
    scope: string;
    priority: number;
    price: string;
    compare_at_price: string | null;
    margin_percent: string;
  }>`
    WITH RECURSIVE ${categoryAncestorsCte},
    ${rules ? sql`proposed_rules AS (${rules}),` : sql``}
    b (category_id, supplier_id, cost) AS (
      SELECT ${input.categoryId ?? null}::bigint, ${input.supplierId ?? null}::bigint, ${input.cost}::numeric
    ),
    matching AS (
      SELECT r.id, r.name AS rule_name, r.scope, r.priority, ${priceColumns(sql`b.cost`)}, b.cost
        FROM b JOIN ${rules ? sql`proposed_rules` : sql`pricing_rules`} r ON ${ruleMatches}
    )
    SELECT r.id AS rule_id, rule_name, scope, priority, price, compare_at_price,
           CASE WHEN price > 0 THEN round((price - cost) / price * 100, 2) ELSE 0 END::text AS margin_percent
      FROM matching r
     ORDER BY ${rulePrecedence}`.execute(db);
  const outcomes = rows.map((r) => ({
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    scope: r.scope,
    priority: r.priority,
    price: r.price,
    compareAtPrice: r.compare_at_price,
  }));
  const winner = outcomes[0];
  if (!winner) {
    throw new NotFoundError(
      `No active pricing rule matches cost ${input.cost}: add a rule with scope "all" as the fallback.`,
    );
  }
  return {
    cost: input.cost,
    price: winner.price,
    compareAtPrice: winner.compareAtPrice,
    marginPercent: String(rows[0]!.margin_percent),
    rule: winner,
    matchingRules: outcomes,
  };
}
