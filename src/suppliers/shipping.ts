/** A supplier's shipping cost rule (suppliers.shipping_cost_rule), applied to one supplier order. */
import { toUnits, type Units } from '../money.js';

export type ShippingCostRule =
  | { type: 'flat'; amount: string }
  | { type: 'free_over'; amount: string; threshold: string }
  | { type: 'per_item'; amount: string };

/** The shipping cost of goods worth `goods` (units of 1/10000) in `items` pieces. */
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
