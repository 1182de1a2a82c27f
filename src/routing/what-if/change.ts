/**
 * The changed setting applied in memory to today's candidates, never to the database:
 *   supplier_paused     the supplier's offers count as from an inactive supplier;
 *   supplier_fee        its offers carry the new per-order fee,
 *   supplier_shipping   or the new shipping rule; their margin test is taken again on the landed
 *                       cost of one unit ordered alone, as pricing does (pricing_landed_unit_cost);
 *   rating_floor        the floor routing applies (null: none);
 *   pricing_rule        each product sells at the price the changed rules give, and every source
 *                       takes its margin test at that price with the minimum margin of the rule
 *                       that wins for its cost under the changed rules (pricing.ts gathers both).
 */
import { fromUnits, toUnits, type Units } from '../../money.js';
import { shippingCost, type ShippingCostRule } from '../../suppliers/shipping.js';
import type { Candidate, MarginCheck, SupplierOffer } from '../candidates.js';
import { candidateKey } from '../plan.js';
import type { WhatIfChange } from './schemas.js';

/** What a pricing-rule change does to prices and minimum margins, read without writing. */
export interface RepricedWorld {
  /** Per product: the rule price of its cost basis today, and with the changed rule. */
  prices: ReadonlyMap<number, { now: string; changed: string }>;
  /** Per candidate (candidateKey): the minimum margin for its cost under the changed rules. */
  minMargins: ReadonlyMap<string, string>;
}

export interface ChangedWorld {
  candidates: Candidate[];
  ratingFloor: string | undefined;
  /** What one unit of the product sells for more (or less) with the change. */
  unitPriceDelta(productId: number): Units;
  /** The changed rating floor treats this candidate otherwise than the floor as is. */
  floorDecidesOtherwise(c: Candidate): boolean;
}

export function applyChange(
  candidates: Candidate[],
  change: WhatIfChange,
  ratingFloor: string | undefined,
  repriced?: RepricedWorld,
): ChangedWorld {
  const same = { candidates, ratingFloor, unitPriceDelta: () => 0n, floorDecidesOtherwise: () => false };
  switch (change.kind) {
    case 'supplier_paused':
      return { ...same, candidates: ofSupplier(candidates, change.supplier, (c) => ({ ...c, supplierActive: false })) };
    case 'supplier_fee':
      return {
        ...same,
        candidates: ofSupplier(candidates, change.supplier, (c) =>
          landedAgain({ ...c, perOrderFee: change.perOrderFee }),
        ),
      };
    case 'supplier_shipping':
      return {
        ...same,
        candidates: ofSupplier(candidates, change.supplier, (c) =>
          landedAgain({ ...c, shippingRule: change.shippingRule as ShippingCostRule }),
        ),
      };
    case 'rating_floor': {
      const floor = change.floor ?? undefined;
      const under = (c: Candidate, f: string | undefined) =>
        f !== undefined && c.kind === 'supplier' && c.rated && c.rating !== null && toUnits(c.rating) < toUnits(f);
      return { ...same, ratingFloor: floor, floorDecidesOtherwise: (c) => under(c, floor) !== under(c, ratingFloor) };
    }
    case 'pricing_rule': {
      if (!repriced) throw new Error('a pricing-rule what-if needs the repriced world');
      const delta = (productId: number) => {
        const p = repriced.prices.get(productId);
        return p ? toUnits(p.changed) - toUnits(p.now) : 0n;
      };
      return {
        ...same,
        unitPriceDelta: delta,
        // A source whose margin test comes out the same is routed the same: it stays as it is.
        candidates: candidates.map((c) => {
          const price = fromUnits(toUnits(c.margin.price) + delta(c.productId), 2);
          const minMargin = repriced.minMargins.get(candidateKey(c)) ?? c.margin.minMarginPercent;
          const margin = marginTest(price, c.margin.landedUnitCost, minMargin);
          return margin.keepsMargin === c.margin.keepsMargin ? c : ({ ...c, margin } as Candidate);
        }),
      };
    }
  }
}

function ofSupplier(candidates: Candidate[], code: string, change: (c: SupplierOffer) => SupplierOffer): Candidate[] {
  const wanted = code.toUpperCase();
  return candidates.map((c) => (c.kind === 'supplier' && c.supplierCode === wanted ? change(c) : c));
}

/** The offer's margin test on the landed cost of one unit ordered alone, with its fee and shipping as they are now. */
function landedAgain(c: SupplierOffer): SupplierOffer {
  const cost = toUnits(c.unitCost);
  const landed = cost + toUnits(c.perOrderFee) + shippingCost(c.shippingRule, cost, 1);
  return { ...c, margin: marginTest(c.margin.price, fromUnits(landed), c.margin.minMarginPercent) };
}

function marginTest(price: string, landedUnitCost: string | null, minMarginPercent: string): MarginCheck {
  const maxUnitCost = (toUnits(price) * (10000n - toUnits(minMarginPercent) / 100n)) / 10000n;
  return {
    price,
    landedUnitCost,
    minMarginPercent,
    maxUnitCost: fromUnits(maxUnitCost),
    keepsMargin: landedUnitCost === null || toUnits(landedUnitCost) <= maxUnitCost,
  };
}
