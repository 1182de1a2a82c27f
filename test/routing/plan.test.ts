/**
 * The routing decision and its explanation, rule by rule, on candidates built by hand (the plan
 * is a pure function). For every line the explanation is compared with the candidates: each one
 * is named, the winners are exactly the allocations, and each loser's reason matches its data.
 */
import { describe, expect, it } from 'vitest';
import type { MarginCheck, OwnCandidate, SupplierOffer } from '../../src/routing/candidates.js';
import { planRouting, type PlanLine, type RoutingPlan } from '../../src/routing/plan.js';

const KEEPS: MarginCheck = {
  price: '50.00',
  landedUnitCost: '10.0000',
  minMarginPercent: '15',
  maxUnitCost: '42.5000',
  keepsMargin: true,
};
const BREAKS: MarginCheck = { ...KEEPS, landedUnitCost: '45.0000', keepsMargin: false };

let ids = 0;
function own(code: string, available: number, extra: Partial<OwnCandidate> = {}): OwnCandidate {
  ids += 1;
  return {
    kind: 'own',
    productId: 1,
    inventoryId: ids,
    sourceId: ids,
    sourceCode: code,
    sourceType: 'warehouse',
    sourceActive: true,
    priority: 10,
    available,
    unitCost: '10.0000',
    margin: KEEPS,
    ...extra,
  };
}
function offer(code: string, sellable: number, unitCost: string, extra: Partial<SupplierOffer> = {}): SupplierOffer {
  ids += 1;
  return {
    kind: 'supplier',
    productId: 1,
    catalogId: ids,
    supplierId: ids,
    supplierCode: code,
    supplierSku: `${code}-1`,
    supplierActive: true,
    isDropship: true,
    itemAvailable: true,
    fresh: true,
    sellable,
    minOrderQuantity: 1,
    currency: 'EUR',
    unitCost,
    leadDays: 2,
    rating: null,
    rated: false,
    priority: 100,
    perOrderFee: '0',
    shippingRule: { type: 'flat', amount: '0.00' },
    minimumOrderValue: '0',
    margin: KEEPS,
    ...extra,
  };
}
const line = (quantity: number, productId = 1, index = 0): PlanLine => ({
  index,
  productId,
  sku: `P${productId}`,
  quantity,
  orderItemId: index + 1,
});
const plan = (lines: PlanLine[], candidates: (OwnCandidate | SupplierOffer)[], ratingFloor?: string) =>
  consistent(planRouting(lines, candidates, { currency: 'EUR', ratingFloor }), lines, candidates);

/** The explanation agrees with the candidates, whatever the rule. */
function consistent(result: RoutingPlan, lines: PlanLine[], candidates: (OwnCandidate | SupplierOffer)[]) {
  for (const d of result.decisions) {
    const l = lines.find((x) => x.index === d.line)!;
    const mine = candidates.filter((c) => c.productId === l.productId);
    expect(d.candidates).toHaveLength(mine.length);
    const winners = d.candidates.filter((c) => c.won).map((c) => c.source);
    expect(winners.sort()).toEqual(d.allocations.map((a) => a.source).sort());
    for (const c of d.candidates) {
      expect(d.reason).toContain(c.source);
      if (c.won) continue;
      expect(d.reason).toContain(`${c.source}: ${c.lost}`);
      if (c.rejected) expect(c.lost).toBe(c.rejected);
      else if (c.available < l.quantity && d.rule !== 'split') expect(c.lost).toMatch(/^stock short|^minimum order/);
    }
  }
  return result;
}

describe('routing explanations, rule by rule', () => {
  it('own stock goes first', () => {
    const { decisions } = plan([line(3)], [own('MAIN', 10), offer('SUP', 100, '1.00')]);
    expect(decisions[0]!.reason).toBe('own stock at MAIN: own stock goes first. Not chosen: SUP: own stock goes first');
  });

  it('between own sources: source priority', () => {
    const { decisions } = plan([line(3)], [own('MAIN', 10, { priority: 5 }), own('EAST', 10, { priority: 20 })]);
    expect(decisions[0]!.reason).toBe(
      'own stock at MAIN: own stock goes first, higher source priority than EAST. ' +
        'Not chosen: EAST: lower source priority than MAIN',
    );
  });

  it('a supplier already shipping part of the order beats a cheaper one', () => {
    const both1 = offer('BOTH', 10, '10.00', { productId: 1 });
    const both2 = { ...offer('BOTH', 10, '10.00', { productId: 2 }), supplierId: both1.supplierId };
    const onlyB = offer('ONLYB', 10, '9.00', { productId: 2 });
    const { decisions } = plan([line(1, 1, 0), line(1, 2, 1)], [both1, both2, onlyB]);
    expect(decisions[1]!.reason).toBe(
      'supplier BOTH: already ships part of this order than ONLYB. Not chosen: ONLYB: one more shipment than BOTH',
    );
  });

  it('a supplier that can fill more lines of the order wins', () => {
    const both1 = offer('BOTH', 10, '10.00', { productId: 1 });
    const both2 = { ...offer('BOTH', 10, '10.00', { productId: 2 }), supplierId: both1.supplierId };
    const cheapA = offer('CHEAPA', 10, '8.00', { productId: 1 });
    const { decisions } = plan([line(1, 1, 0), line(1, 2, 1)], [both1, both2, cheapA]);
    expect(decisions[0]!.reason).toBe(
      'supplier BOTH: can fill more lines of this order than CHEAPA. ' +
        'Not chosen: CHEAPA: more shipments (fills fewer lines of this order) than BOTH',
    );
  });

  it('lowest landed cost, fee and shipping included', () => {
    const { decisions } = plan(
      [line(2)],
      [
        offer('CHEAP', 10, '5.00', { perOrderFee: '1.00' }),
        offer('DEAR', 10, '4.00', { shippingRule: { type: 'flat', amount: '4.90' } }),
      ],
    );
    expect(decisions[0]!.reason).toBe(
      'supplier CHEAP: lower landed cost (11.00 vs 12.90) than DEAR. Not chosen: DEAR: dearer (12.90 vs 11.00) than CHEAP',
    );
  });

  it('shorter lead time, then higher rating, then source priority', () => {
    const slow = plan(
      [line(1)],
      [offer('FAST', 10, '5.00', { leadDays: 1 }), offer('SLOW', 10, '5.00', { leadDays: 3 })],
    );
    expect(slow.decisions[0]!.reason).toBe(
      'supplier FAST: shorter lead time (1 day vs 3 days) than SLOW. Not chosen: SLOW: slower (3 days vs 1 day) than FAST',
    );
    const rated = plan([line(1)], [offer('NEW', 10, '5.00'), offer('GOOD', 10, '5.00', { rating: '4.50' })]);
    expect(rated.decisions[0]!.reason).toBe(
      'supplier GOOD: higher rating (4.50 vs 2.50) than NEW. Not chosen: NEW: lower rating (2.50 vs 4.50) than GOOD',
    );
    const ranked = plan([line(1)], [offer('LATE', 10, '5.00', { priority: 200 }), offer('EARLY', 10, '5.00')]);
    expect(ranked.decisions[0]!.reason).toBe(
      'supplier EARLY: higher source priority than LATE. Not chosen: LATE: lower source priority than EARLY',
    );
  });

  it('a supplier rated under the rating floor is skipped with its rating; one with too few orders is not', () => {
    const candidates = [
      offer('CHEAP', 10, '4.00', { rating: '1.80', rated: true }),
      offer('FAIR', 10, '5.00', { rating: '3.10', rated: true }),
      offer('FRESH', 10, '6.00', { rating: '2.50', rated: false }),
    ];
    const floored = plan([line(1)], candidates, '2.00');
    expect(floored.decisions[0]!.allocations.map((a) => a.source)).toEqual(['FAIR']);
    const cheap = floored.decisions[0]!.candidates.find((c) => c.source === 'CHEAP')!;
    expect(cheap.rejected).toBe('rated 1.80 over 30 days, under the rating floor 2.00');
    expect(floored.decisions[0]!.reason).toContain('CHEAP: rated 1.80 over 30 days, under the rating floor 2.00');
    // The same floor above the neutral rating: the unrated supplier stays eligible.
    const high = plan([line(1)], candidates, '3.20');
    expect(high.decisions[0]!.allocations.map((a) => a.source)).toEqual(['FRESH']);
    // No floor: the cheapest wins, whatever its rating.
    expect(plan([line(1)], candidates).decisions[0]!.allocations.map((a) => a.source)).toEqual(['CHEAP']);
  });

  it('stock short, paused, stale feed and a broken margin each say so; the winner is the only one left', () => {
    const { decisions } = plan(
      [line(5)],
      [
        own('MAIN', 4),
        offer('PAUSED', 100, '1.00', { supplierActive: false }),
        offer('STALE', 100, '1.00', { fresh: false }),
        offer('LOSS', 100, '45.00', { margin: BREAKS }),
        offer('REAL', 10, '9.00'),
      ],
    );
    const lost = Object.fromEntries(decisions[0]!.candidates.map((c) => [c.source, c.lost]));
    expect(lost).toEqual({
      MAIN: 'stock short: 4 of 5 units',
      PAUSED: 'supplier PAUSED is not active',
      STALE: "the supplier's feed is too old",
      LOSS: 'margin broken: a unit costs 45.0000, at the price 50.00 it may cost at most 42.5000 (minimum margin 15 %)',
      REAL: undefined,
    });
    expect(decisions[0]!.reason).toMatch(/^supplier REAL: the only source that can fill the line\. Not chosen: /);
  });

  it('a split names its parts, and the sources it did not need', () => {
    const { decisions } = plan([line(12)], [own('MAIN', 4), offer('A', 10, '5.00'), offer('B', 3, '6.00')]);
    expect(decisions[0]!.rule).toBe('split');
    expect(decisions[0]!.reason).toBe(
      'no single source has 12 units: split over MAIN (4), A (8). Not chosen: B: not needed: the line was filled from MAIN, A',
    );
  });

  it('units whose cost breaks the margin are not offered: the refusal names the most that can be ordered', () => {
    const result = planRouting(
      [line(99)],
      [offer('CHEAP', 20, '5.00'), offer('NORDTEX', 164, '12.17', { margin: BREAKS })],
      {
        currency: 'EUR',
      },
    );
    expect(result.unroutable).toEqual([
      {
        line: 0,
        sku: 'P1',
        quantity: 99,
        available: 20,
        message:
          'only 20 of 99 units of SKU "P1" are available at the current price 50.00 (the cost of NORDTEX breaks the minimum margin)',
      },
    ]);
    expect(result.allocations).toEqual([]);
  });

  it('a line that excludes a supplier goes to the next one, and says why the excluded one lost', () => {
    const cheap = offer('CHEAP', 20, '5.00');
    const next = offer('NEXT', 20, '6.00');
    const excluded = {
      ...line(2),
      excludedSuppliers: new Map([[cheap.supplierId, 'CHEAP rejected supplier order 7']]),
    };
    const { decisions, allocations } = plan([excluded], [cheap, next]);
    expect(allocations.map((a) => a.candidate)).toEqual([next]);
    expect(decisions[0]!.reason).toBe(
      'supplier NEXT: the only source that can fill the line. Not chosen: CHEAP: CHEAP rejected supplier order 7',
    );
    // Only this line: another line of the same order may still go to CHEAP (SMALL has 2 units, taken by line 0).
    const small = offer('SMALL', 2, '6.00');
    const both = plan([excluded, line(2, 1, 1)], [cheap, small]).allocations;
    expect(both.map((a) => [a.line, a.candidate.kind === 'supplier' && a.candidate.supplierCode])).toEqual([
      [0, 'SMALL'],
      [1, 'CHEAP'],
    ]);
    const nothing = planRouting([excluded], [cheap], { currency: 'EUR' });
    expect(nothing.unroutable[0]!.message).toBe('SKU "P1" is not available from own stock or any supplier');
  });
});
