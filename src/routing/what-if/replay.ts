/**
 * The what-if replay, reading nothing and writing nothing: every past order is planned twice by
 * today's routing rules (plan.ts) on today's candidates, as they are and with the change applied,
 * and the two plans compared line by line: where each line goes, what it costs, what it earns and
 * how long it waits.
 * Each order is replayed on its own, as if it were the only one (past orders were filled from
 * past stock, so one replayed order does not use up stock for the next). Own stock counts as
 * today's available units or the units the order really took from that row, whichever is more,
 * so an order filled from own stock is not sent to a supplier only because the shelf is empty now.
 * A line nothing can fill is not sold: no revenue, no cost, and no lead time.
 */
import { fromUnits, toUnits, type Units } from '../../money.js';
import type { Candidate } from '../candidates.js';
import { planRouting, type LineDecision, type RoutingPlan } from '../plan.js';
import type { ChangedWorld } from './change.js';
import type { PastOrder } from './history.js';
import { lineProfits, type LineProfit } from './line-profits.js';

export const UNFULFILLABLE = 'unfulfillable';
const MAX_EXAMPLES = 20;
/** Orders replayed between two turns of the event loop: a long replay lets other requests in. */
const ORDERS_PER_TURN = 200;

export const ASSUMPTIONS = [
  "Today's routing rules, candidates, costs, feeds and ratings; the change is applied in memory only.",
  'Each order is replayed on its own: one replayed order does not use up stock for the next.',
  "Own stock counts as today's available units or the units the order really took from that row, whichever is more.",
  "Supplier stock is today's stock above the buffer.",
  "Revenue is what the line sold for (a pricing-rule change adds the difference between the changed rule's price and today's).",
  'A line nothing can fill is not sold: no revenue, no cost, no lead time.',
  'Lead time: own stock 0 days, a supplier its offer lead time, a split line the slowest source.',
];

export interface Totals {
  lines: number;
  unfulfillable: number;
  revenue: Units;
  cost: Units;
  margin: Units;
  unknownCostLines: number;
  leadDays: number;
}

export interface Move {
  from: string;
  to: string;
  lines: number;
  units: number;
}

export interface MovedLine {
  order: string;
  line: number;
  sku: string;
  from: string;
  to: string;
  reason: string;
}

export interface Replay {
  orders: number;
  lines: number;
  moved: number;
  moves: Move[];
  asIs: Totals;
  withChange: Totals;
  /** Lead days delta over the lines filled both ways, and how many those are. */
  leadDelta: { days: number; lines: number };
  examples: MovedLine[];
}

export async function replayOrders(
  orders: PastOrder[],
  candidates: Candidate[],
  changed: ChangedWorld,
  asIsFloor: string | undefined,
): Promise<Replay> {
  const asIsOf = byProduct(candidates);
  const changedOf = byProduct(changed.candidates);
  const asIs = emptyTotals();
  const withChange = emptyTotals();
  const moves = new Map<string, Move>();
  const examples: MovedLine[] = [];
  const leadDelta = { days: 0, lines: 0 };
  let lines = 0;
  let moved = 0;

  for (const [n, order] of orders.entries()) {
    if (n > 0 && n % ORDERS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const productIds = [...new Set(order.lines.map((l) => l.productId))];
    const [mine, mineChanged] = [asIsOf, changedOf].map((of) => productIds.flatMap((id) => of.get(id) ?? []));
    const planOf = (of: Candidate[], ratingFloor: string | undefined) =>
      planRouting(order.lines, ownAsTaken(of, order), { currency: order.currency, ratingFloor });
    const before = planOf(mine!, asIsFloor);
    // Most orders' candidates come out of the change as they were (the same objects, the same floor
    // decisions): their plan is the same.
    const untouched =
      mineChanged!.every((c, i) => c === mine![i]) && !mine!.some((c) => changed.floorDecidesOtherwise(c));
    const after = untouched ? before : planOf(mineChanged!, changed.ratingFloor);
    const priceOf = (line: number) => order.lines[line]!.unitPrice;
    const changedPriceOf = (line: number) => {
      const { unitPrice, productId } = order.lines[line]!;
      return fromUnits(toUnits(unitPrice) + changed.unitPriceDelta(productId));
    };
    const [profitsBefore, profitsAfter] = [lineProfits(before, priceOf), lineProfits(after, changedPriceOf)];

    for (const line of order.lines) {
      lines += 1;
      const [from, to] = [labelOf(before, line.index), labelOf(after, line.index)];
      const [b, a] = [profitsBefore.get(line.index), profitsAfter.get(line.index)];
      count(asIs, b);
      count(withChange, a);
      if (a && b) {
        leadDelta.days += a.leadDays - b.leadDays;
        leadDelta.lines += 1;
      }
      if (from === to) continue;
      moved += 1;
      const key = `${from}\u0000${to}`;
      const move = moves.get(key) ?? { from, to, lines: 0, units: 0 };
      move.lines += 1;
      move.units += line.quantity;
      moves.set(key, move);
      if (examples.length < MAX_EXAMPLES) {
        examples.push({
          order: order.number,
          line: line.index,
          sku: line.sku,
          from,
          to,
          reason: reasonOf(after, line.index),
        });
      }
    }
  }
  return {
    orders: orders.length,
    lines,
    moved,
    moves: [...moves.values()].sort(
      (x, y) => y.lines - x.lines || x.from.localeCompare(y.from) || x.to.localeCompare(y.to),
    ),
    asIs,
    withChange,
    leadDelta,
    examples,
  };
}

function byProduct(candidates: Candidate[]): Map<number, Candidate[]> {
  const out = new Map<number, Candidate[]>();
  for (const c of candidates) out.set(c.productId, [...(out.get(c.productId) ?? []), c]);
  return out;
}

/** Own stock rows hold at least what the order took from them. */
function ownAsTaken(candidates: Candidate[], order: PastOrder): Candidate[] {
  return candidates.map((c) => {
    const taken = c.kind === 'own' ? (order.ownTaken.get(c.inventoryId) ?? 0) : 0;
    return c.kind === 'own' && taken > c.available ? { ...c, available: taken } : c;
  });
}

function decisionOf(plan: RoutingPlan, line: number): LineDecision | undefined {
  return plan.decisions.find((d) => d.line === line);
}

/** Where a line goes: its source(s) ("MAIN (own)", "ACME", split: "MAIN (own) + ACME"), or unfulfillable. */
export function labelOf(plan: RoutingPlan, line: number): string {
  const decision = decisionOf(plan, line);
  if (!decision) return UNFULFILLABLE;
  return decision.allocations.map((a) => (a.kind === 'own' ? `${a.source} (own)` : a.source)).join(' + ');
}

function reasonOf(plan: RoutingPlan, line: number): string {
  return decisionOf(plan, line)?.reason ?? plan.unroutable.find((u) => u.line === line)?.message ?? '';
}

function emptyTotals(): Totals {
  return { lines: 0, unfulfillable: 0, revenue: 0n, cost: 0n, margin: 0n, unknownCostLines: 0, leadDays: 0 };
}

function count(totals: Totals, line: LineProfit | undefined): void {
  if (!line) {
    totals.unfulfillable += 1;
    return;
  }
  totals.lines += 1;
  totals.revenue += line.revenue;
  totals.cost += line.cost;
  totals.margin += line.margin;
  totals.leadDays += line.leadDays;
  if (line.unknownCost) totals.unknownCostLines += 1;
}

/** a / n to 4 decimals, rounded half away from zero; 0 when n is 0. */
export function average(a: Units, n: number): string {
  if (n === 0) return '0.0000';
  const d = BigInt(n);
  const abs = a < 0n ? -a : a;
  const q = (abs * 2n + d) / (2n * d);
  return fromUnits(a < 0n ? -q : q);
}
