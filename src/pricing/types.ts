/** A pricing rule as the API shows and takes it: the TypeBox schemas' types (schemas.ts). */
import type { Static } from 'typebox';
import type { PricingRuleSchema } from './schemas.js';

export type PricingRule = Static<typeof PricingRuleSchema>;
export type PricingRuleInput = Omit<PricingRule, 'id' | 'createdAt' | 'updatedAt'>;
