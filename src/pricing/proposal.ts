/**
 * A change to the pricing rules before it is saved: a new rule, a changed rule (it replaces the
 * stored one with the same id), or a rule removed. The proposed rule set is a SELECT with
 * pricing_rules' columns that the preview and the impact price by instead of the stored rules;
 * nothing is written.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { findRule } from './rules-repository.js';
import { RULE_DEFAULTS, checkRule } from './rules-service.js';
import type { PricingRuleInput } from './types.js';

export interface RuleProposal {
  /** The stored rule the proposal replaces or removes; absent: a new rule. */
  ruleId?: number | undefined;
  /** The rule as it would be saved; absent with ruleId: that rule removed. */
  rule?:
    (Partial<PricingRuleInput> & Pick<PricingRuleInput, 'name' | 'scope' | 'markupType' | 'markupValue'>) | undefined;
}

const COLUMNS = sql`id, name, scope, category_id, supplier_id, min_cost, max_cost, priority, markup_type, markup_value,
  min_margin_percent, rounding, compare_at_markup_percent, is_active`;

/**
 * Checks the proposal as saving it would, and gives the rule set it makes. `at` is where the
 * proposal sits in the request body, for the field errors' paths.
 */
export async function proposedRules(db: Kysely<DB>, proposal: RuleProposal, at = ''): Promise<RawBuilder<unknown>> {
  const { ruleId } = proposal;
  if (ruleId !== undefined && !(await findRule(db, ruleId))) {
    throw new NotFoundError(`Pricing rule ${ruleId} (${at}/ruleId) does not exist`);
  }
  const others = sql`SELECT ${COLUMNS} FROM pricing_rules WHERE id IS DISTINCT FROM ${ruleId ?? null}::bigint`;
  if (!proposal.rule) {
    if (ruleId === undefined)
      throw InvalidInputError.field(`${at}/rule`, 'required unless ruleId names a rule to remove');
    return others;
  }
  const rule: PricingRuleInput = { ...RULE_DEFAULTS, ...proposal.rule };
  await prefixed(`${at}/rule`, () => checkRule(db, rule));
  // A new rule takes the next id: it loses ties of priority to every stored rule, as it would saved.
  const id = ruleId === undefined ? sql`(SELECT coalesce(max(id), 0) + 1 FROM pricing_rules)` : sql`${ruleId}::bigint`;
  return sql`${others}
    UNION ALL
    SELECT ${id}, ${rule.name}::text, ${rule.scope}::text, ${rule.categoryId}::bigint, ${rule.supplierId}::bigint,
           ${rule.minCost}::numeric, ${rule.maxCost}::numeric, ${rule.priority}::int, ${rule.markupType}::text,
           ${rule.markupValue}::numeric, ${rule.minMarginPercent}::numeric, ${rule.rounding}::text,
           ${rule.compareAtMarkupPercent}::numeric, ${rule.isActive}::boolean`;
}

/** The rule's field errors, pointed at where the rule sits in the request body. */
async function prefixed(prefix: string, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (!(error instanceof InvalidInputError) || !Array.isArray(error.details)) throw error;
    const problems = (error.details as { path: string; message: string }[]).map((p) => ({
      path: `${prefix}${p.path}`,
      message: p.message,
    }));
    throw new InvalidInputError(error.message, problems);
  }
}
