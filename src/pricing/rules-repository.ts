/** SQL of pricing_rules. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, PricingRulesTable } from '../db/types.js';
import { describeRule } from './describe-rule.js';
import type { PricingRule, PricingRuleInput } from './types.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function listRules(db: Db): Promise<PricingRule[]> {
  const rows = await db.selectFrom('pricing_rules').selectAll().orderBy('priority').orderBy('id').execute();
  return rows.map(toRule);
}

export async function findRule(db: Db, id: number, forUpdate = false): Promise<PricingRule | undefined> {
  let query = db.selectFrom('pricing_rules').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toRule(row);
}

export async function insertRule(db: Db, input: PricingRuleInput): Promise<PricingRule> {
  const row = await db.insertInto('pricing_rules').values(toRow(input)).returningAll().executeTakeFirstOrThrow();
  return toRule(row);
}

export async function updateRule(db: Db, id: number, input: PricingRuleInput): Promise<PricingRule> {
  const row = await db
    .updateTable('pricing_rules')
    .set(toRow(input))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRule(row);
}

export async function deleteRule(db: Db, id: number): Promise<void> {
  await db.deleteFrom('pricing_rules').where('id', '=', id).execute();
}

/** Active rules of scope 'all' other than `exceptId`: the fallback that must always exist. */
export async function countOtherActiveFallbacks(db: Db, exceptId: number): Promise<number> {
  const row = await db
    .selectFrom('pricing_rules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('scope', '=', 'all')
    .where('is_active', '=', true)
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function exists(db: Db, table: 'categories' | 'suppliers', id: number): Promise<boolean> {
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

function toRow(input: PricingRuleInput) {
  return {
    name: input.name,
    description: describeRule(input),
    scope: input.scope,
    category_id: input.categoryId,
    supplier_id: input.supplierId,
    min_cost: input.minCost,
    max_cost: input.maxCost,
    priority: input.priority,
    markup_type: input.markupType,
    markup_value: input.markupValue,
    min_margin_percent: input.minMarginPercent,
    rounding: input.rounding,
    compare_at_markup_percent: input.compareAtMarkupPercent,
    is_active: input.isActive,
  };
}

function toRule(row: Selectable<PricingRulesTable>): PricingRule {
  const rule = {
    id: row.id,
    name: row.name,
    scope: row.scope,
    categoryId: row.category_id,
    supplierId: row.supplier_id,
    minCost: row.min_cost,
    maxCost: row.max_cost,
    priority: row.priority,
    markupType: row.markup_type,
    markupValue: row.markup_value,
    minMarginPercent: row.min_margin_percent,
    rounding: row.rounding,
    compareAtMarkupPercent: row.compare_at_markup_percent,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  // Always what the settings say, whatever an older version of the row stored.
  return { ...rule, description: describeRule(rule) };
}
