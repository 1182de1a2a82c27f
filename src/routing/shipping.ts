/** A supplier's shipping cost rule applied to goods worth `goods` (units of 1/10000) and `items` pieces. */
import type { ShippingCostRule } from './candidates.js';
import { toUnits, type Units } from './units.js';

export function shippingCost(rule: ShippingCostRule, goods: Units, items: number): Units {
  switch (rule.type) {
    case 'flat':
      return toUnits(rule.amount);
    case 'per_item':
      return toUnits(rule.amount) * BigInt(items);
    case 'free_over':
      return goods >= toUnits(rule.threshold) ? 0n : toUnits(rule.amount);
    default:
      return 0n;
  }
}
