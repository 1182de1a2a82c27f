/** A pricing rule as the API shows it (camelCase; amounts as decimal strings). */
import type { MarkupType, PricingScope, Rounding } from '../db/types.js';

export interface PricingRule {
  id: number;
  name: string;
  description: string | null;
  scope: PricingScope;
  categoryId: number | null;
  supplierId: number | null;
  minCost: string | null;
  maxCost: string | null;
  priority: number;
  markupType: MarkupType;
  markupValue: string;
  minMarginPercent: string;
  rounding: Rounding;
  compareAtMarkupPercent: string | null;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export type PricingRuleInput = Omit<PricingRule, 'id' | 'createdAt' | 'updatedAt'>;
