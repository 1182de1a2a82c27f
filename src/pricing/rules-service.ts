/**
 * Rules of pricing rules: a scope names exactly what it needs, a cost range is a range, a
 * multiplier is positive, a minimum margin is below 100 %, one active rule of scope "all" always
 * remains as the fallback, and the description is the one generated from the settings (a given
 * description that says anything else is refused). Every change reprices the catalog in the
 * caller's transaction: the reprice only writes products whose price really changes, and logs why.
 */
import type { Kysely, Transaction } from 'kysely';
import { repriceProducts } from '../catalog/prices.js';
import type { DB } from '../db/types.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldProblem } from '../errors.js';
import { compareDecimal } from '../money.js';
import { describeRule } from './describe-rule.js';
import * as repo from './rules-repository.js';
import type { PricingRule, PricingRuleInput } from './types.js';

type Db = Kysely<DB> | Transaction<DB>;

export const RULE_DEFAULTS = {
  description: null,
  categoryId: null,
  supplierId: null,
  minCost: null,
  maxCost: null,
  priority: 100,
  minMarginPercent: '0',
  rounding: 'none',
  compareAtMarkupPercent: null,
  isActive: true,
} as const satisfies Partial<PricingRuleInput>;

export interface RuleChange {
  rule: PricingRule;
  repriced: number;
}

export async function getRule(db: Db, id: number): Promise<PricingRule> {
  const rule = await repo.findRule(db, id);
  if (!rule) throw new NotFoundError(`Pricing rule ${id} does not exist`);
  return rule;
}

export async function createRule(trx: Transaction<DB>, input: PricingRuleInput): Promise<RuleChange> {
  await checkRule(trx, input);
  const rule = await repo.insertRule(trx, input);
  return {
    rule,
    repriced: (await repriceProducts(trx, { reason: `rule ${rule.id} "${rule.name}" created` })).repriced,
  };
}

export async function updateRule(
  trx: Transaction<DB>,
  id: number,
  patch: Partial<PricingRuleInput>,
): Promise<RuleChange> {
  const current = await repo.findRule(trx, id, true);
  if (!current) throw new NotFoundError(`Pricing rule ${id} does not exist`);
  const { id: _id, createdAt: _c, updatedAt: _u, ...stored } = current;
  // The stored description follows the stored settings; a changed rule gets its own.
  const next: PricingRuleInput = { ...stored, description: null, ...patch };
  // Changing the scope clears what the old scope needed, unless the patch sets it again.
  if (patch.scope && patch.scope !== current.scope) {
    if (patch.scope !== 'category' && patch.categoryId === undefined) next.categoryId = null;
    if (patch.scope !== 'supplier' && patch.supplierId === undefined) next.supplierId = null;
    if (patch.scope !== 'cost_range') {
      if (patch.minCost === undefined) next.minCost = null;
      if (patch.maxCost === undefined) next.maxCost = null;
    }
  }
  await checkRule(trx, next);
  if (current.scope === 'all' && current.isActive && !(next.scope === 'all' && next.isActive)) {
    await requireAnotherFallback(trx, id);
  }
  const rule = await repo.updateRule(trx, id, next);
  return { rule, repriced: (await repriceProducts(trx, { reason: `rule ${id} "${rule.name}" changed` })).repriced };
}

export async function deleteRule(trx: Transaction<DB>, id: number): Promise<{ repriced: number }> {
  const current = await repo.findRule(trx, id, true);
  if (!current) throw new NotFoundError(`Pricing rule ${id} does not exist`);
  if (current.scope === 'all' && current.isActive) await requireAnotherFallback(trx, id);
  await repo.deleteRule(trx, id);
  return { repriced: (await repriceProducts(trx, { reason: `rule ${id} "${current.name}" removed` })).repriced };
}

async function requireAnotherFallback(db: Db, id: number): Promise<void> {
  if ((await repo.countOtherActiveFallbacks(db, id)) === 0) {
    throw new ConflictError(
      `Pricing rule ${id} is the only active rule of scope "all": it is the fallback for every cost no other rule ` +
        'matches. Add another one first.',
    );
  }
}

/** The column each scope needs; the others must stay empty. */
const SCOPE_FIELDS = {
  categoryId: 'category',
  supplierId: 'supplier',
  minCost: 'cost_range',
  maxCost: 'cost_range',
} as const;

export async function checkRule(db: Db, rule: PricingRuleInput): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const [field, scope] of Object.entries(SCOPE_FIELDS) as [keyof typeof SCOPE_FIELDS, string][]) {
    if (rule.scope !== scope && rule[field] !== null) {
      problems.push({ path: `/${field}`, message: `only allowed with scope "${scope}"` });
    }
  }
  if (rule.scope === 'category' && rule.categoryId === null) {
    problems.push({ path: '/categoryId', message: 'required with scope "category"' });
  }
  if (rule.scope === 'supplier' && rule.supplierId === null) {
    problems.push({ path: '/supplierId', message: 'required with scope "supplier"' });
  }
  if (rule.scope === 'cost_range' && rule.minCost === null && rule.maxCost === null) {
    problems.push({ path: '/minCost', message: 'scope "cost_range" needs minCost, maxCost or both' });
  }
  if (rule.minCost !== null && rule.maxCost !== null && compareDecimal(rule.minCost, rule.maxCost) >= 0) {
    problems.push({ path: '/maxCost', message: `must be above minCost (${rule.minCost})` });
  }
  if (rule.markupType === 'multiplier' && compareDecimal(rule.markupValue, '0') <= 0) {
    problems.push({ path: '/markupValue', message: 'a multiplier must be above 0' });
  }
  if (compareDecimal(rule.minMarginPercent, '100') >= 0) {
    problems.push({ path: '/minMarginPercent', message: 'must be below 100 (a margin is a share of the price)' });
  }
  if (rule.description !== null && rule.description.trim() !== describeRule(rule)) {
    problems.push({
      path: '/description',
      message: `contradicts the rule's settings, which say "${describeRule(rule)}": leave it out to have it generated`,
    });
  }
  if (rule.categoryId !== null && !(await repo.exists(db, 'categories', rule.categoryId))) {
    problems.push({ path: '/categoryId', message: `category ${rule.categoryId} does not exist` });
  }
  if (rule.supplierId !== null && !(await repo.exists(db, 'suppliers', rule.supplierId))) {
    problems.push({ path: '/supplierId', message: `supplier ${rule.supplierId} does not exist` });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(
      `Invalid pricing rule: ${problems.map((p) => `${p.path.slice(1)} ${p.message}`).join('; ')}`,
      problems,
    );
  }
}
