/**
 * A rule's description, generated from its settings: what it applies to, its markup, minimum
 * margin, rounding and compare-at markup, e.g. "All products: cost + 40 %, at least 15 % margin,
 * price ending .99." A description given with a rule must be exactly this text (or absent).
 */
import type { PricingRuleInput } from './types.js';

type Settings = Omit<PricingRuleInput, 'name' | 'description' | 'priority' | 'isActive'>;

export function describeRule(rule: Settings, names: { category?: string; supplier?: string } = {}): string {
  const parts = [`${scopeText(rule, names)}: ${markupText(rule)}`];
  if (Number(rule.minMarginPercent) > 0) parts.push(`at least ${plain(rule.minMarginPercent)} % margin`);
  if (rule.rounding === 'whole') parts.push('price rounded up to whole euros');
  else if (rule.rounding !== 'none') parts.push(`price ending ${rule.rounding.slice(1)}`);
  if (rule.compareAtMarkupPercent !== null) {
    parts.push(`compare-at price ${plain(rule.compareAtMarkupPercent)} % above the price`);
  }
  return `${parts.join(', ')}.`;
}

function scopeText(rule: Settings, names: { category?: string; supplier?: string }): string {
  switch (rule.scope) {
    case 'all':
      return 'All products';
    case 'category':
      return `Category ${names.category ?? rule.categoryId} and its subcategories`;
    case 'supplier':
      return `Costs from supplier ${names.supplier ?? rule.supplierId}`;
    case 'cost_range':
      if (rule.minCost !== null && rule.maxCost !== null)
        return `Costs ${plain(rule.minCost)} to under ${plain(rule.maxCost)}`;
      if (rule.minCost !== null) return `Costs from ${plain(rule.minCost)}`;
      return `Costs under ${plain(rule.maxCost ?? '0')}`;
  }
}

function markupText(rule: Settings): string {
  const v = plain(rule.markupValue);
  if (rule.markupType === 'percent') return `cost + ${v} %`;
  if (rule.markupType === 'fixed') return `cost + ${money(rule.markupValue)}`;
  return `cost x ${v}`;
}

/** "40.0000" -> "40", "12.50" -> "12.5": a setting as people write it. */
function plain(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

/** A fixed amount with cents: "2.5" -> "2.50". */
function money(decimal: string): string {
  const [whole, fraction = ''] = plain(decimal).split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}
