/** A pricing rule as its form edits it, and the body the API takes (create, change, proposal). */
import type { JsonOf } from '../../api';
import type { paths } from '../../api/schema.js';

export type PricingRule = JsonOf<paths['/api/pricing-rules']['get']['responses'][200]>['items'][number];
export type RuleBody = NonNullable<paths['/api/pricing-rules']['post']['requestBody']>['content']['application/json'];

export const SCOPES = ['all', 'category', 'supplier', 'cost_range'] as const;
export const MARKUPS = ['percent', 'fixed', 'multiplier'] as const;
export const ROUNDINGS = ['none', '0.99', '0.95', '0.90', 'whole'] as const;

export interface RuleForm {
  name: string;
  scope: (typeof SCOPES)[number];
  categoryId: string;
  supplierId: string;
  minCost: string;
  maxCost: string;
  priority: string;
  markupType: (typeof MARKUPS)[number];
  markupValue: string;
  minMarginPercent: string;
  rounding: (typeof ROUNDINGS)[number];
  compareAtMarkupPercent: string;
  isActive: boolean;
}

export const NEW_RULE: RuleForm = {
  name: '',
  scope: 'all',
  categoryId: '',
  supplierId: '',
  minCost: '',
  maxCost: '',
  priority: '100',
  markupType: 'percent',
  markupValue: '40',
  minMarginPercent: '0',
  rounding: 'none',
  compareAtMarkupPercent: '',
  isActive: true,
};

export function ruleForm(rule: PricingRule): RuleForm {
  return {
    name: rule.name,
    scope: rule.scope,
    categoryId: rule.categoryId === null ? '' : String(rule.categoryId),
    supplierId: rule.supplierId === null ? '' : String(rule.supplierId),
    minCost: rule.minCost ?? '',
    maxCost: rule.maxCost ?? '',
    priority: String(rule.priority),
    markupType: rule.markupType,
    markupValue: rule.markupValue,
    minMarginPercent: rule.minMarginPercent,
    rounding: rule.rounding,
    compareAtMarkupPercent: rule.compareAtMarkupPercent ?? '',
    isActive: rule.isActive,
  };
}

const id = (s: string) => (s === '' ? null : Number(s));
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Only what the scope uses: the API refuses a category on a supplier rule. */
export function ruleBody(form: RuleForm): RuleBody {
  return {
    name: form.name.trim(),
    scope: form.scope,
    categoryId: form.scope === 'category' ? id(form.categoryId) : null,
    supplierId: form.scope === 'supplier' ? id(form.supplierId) : null,
    minCost: form.scope === 'cost_range' ? orNull(form.minCost) : null,
    maxCost: form.scope === 'cost_range' ? orNull(form.maxCost) : null,
    priority: /^-?\d+$/.test(form.priority.trim()) ? Number(form.priority) : (form.priority as unknown as number),
    markupType: form.markupType,
    markupValue: form.markupValue.trim(),
    minMarginPercent: form.minMarginPercent.trim(),
    rounding: form.rounding,
    compareAtMarkupPercent: orNull(form.compareAtMarkupPercent),
    isActive: form.isActive,
  };
}
