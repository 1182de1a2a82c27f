/**
 * Routing rules, deterministic and explainable. For each line of an order, in order:
 *   1. own stock first (warehouse and 3PL units we own): a source that fills the whole line;
 *   2. otherwise the best supplier that fills the whole line, ranked by
 *        a. as few shipments as possible: a supplier already shipping other lines of this order,
 *           then one that can fill more of the order's lines,
 *        b. lowest landed cost: units x cost + the per-order fee and shipping shared over the
 *           lines it can take (nothing extra if it already ships part of this order),
 *        c. shorter lead time, d. higher rating (no rating yet counts as 2.50),
 *        e. source priority (lower first), then the lowest id;
 *   3. a line is split across sources only when no single source can fill it: own stock first
 *      (most available first), then suppliers in the order above;
 *   4. nothing (or not enough) anywhere: the line cannot be routed.
 * A supplier rated under the rating floor (ROUTING_RATING_FLOOR, PlanContext.ratingFloor: its
 * 30-day rating from at least PERFORMANCE_MIN_ORDERS orders) is not used either; a supplier with
 * too few orders keeps the neutral 2.50 and is never skipped for its rating.
 * A source whose unit cost breaks the minimum margin at the line's selling price is never used
 * (candidates.ts: own cost, or the landed cost of one unit ordered alone from a supplier, against
 * price x (1 - minimum margin)): the line is sold at a loss nowhere, and a line asking for more
 * than the sources that keep the margin have is refused, naming the most that can be ordered.
 * A line may exclude suppliers (re-routing: the supplier that rejected or failed it): for that
 * line they are ineligible, with the reason the caller gives.
 * Every candidate's view says whether it won and, if not, the real reason it lost.
 * The plan reads nothing and writes nothing: the caller loads the candidates and reserves.
 */
import type { Candidate, MarginCheck, OwnCandidate, SupplierOffer } from './candidates.js';
import { divideUnits, fromUnits, toUnits, type Units } from '../money.js';
import { shippingCost } from '../suppliers/shipping.js';

export interface PlanLine {
  /** Position in the order (0-based), for messages: items/N. */
  index: number;
  productId: number;
  sku: string;
  quantity: number;
  orderItemId?: number;
  /** Suppliers (by id) this line must not go to, each with why. */
  excludedSuppliers?: ReadonlyMap<number, string>;
}

export interface PlannedAllocation {
  line: number;
  quantity: number;
  candidate: Candidate;
  /** Unit cost to us: own cost (may be unknown) or the supplier's cost. */
  unitCost: string | null;
}

export interface CandidateView {
  kind: 'own' | 'supplier';
  source: string;
  available: number;
  unitCost: string | null;
  landedCost?: string;
  leadDays?: number;
  rating?: string | null;
  priority: number;
  margin: MarginCheck;
  /** Why it could not be used; absent when it was eligible. */
  rejected?: string;
  /** true: it fills (part of) the line. */
  won: boolean;
  /** Why it lost: rejected (paused, stale feed, margin broken, ...), stock short, or the rule it lost on. */
  lost?: string;
}

export interface LineDecision {
  line: number;
  sku: string;
  quantity: number;
  rule: 'own_stock' | 'supplier' | 'split';
  /** In words: the winner and the rule it won on, with every other candidate and why it lost. */
  reason: string;
  allocations: { source: string; kind: 'own' | 'supplier'; quantity: number; unitCost: string | null }[];
  candidates: CandidateView[];
}

export interface Unroutable {
  line: number;
  sku: string;
  quantity: number;
  available: number;
  message: string;
}

export interface RoutingPlan {
  allocations: PlannedAllocation[];
  decisions: LineDecision[];
  unroutable: Unroutable[];
}

export interface PlanContext {
  currency: string;
  /** Candidates known not to have the stock any more (a concurrent order took it): skipped. */
  exhausted?: ReadonlySet<string>;
  /** ROUTING_RATING_FLOOR: a supplier rated (from enough orders) under it is skipped; undefined = off. */
  ratingFloor?: string | undefined;
}

const NEUTRAL_RATING = toUnits('2.50');

export function candidateKey(c: Candidate): string {
  return c.kind === 'own' ? `own:${c.inventoryId}` : `supplier:${c.catalogId}`;
}

export function planRouting(lines: PlanLine[], candidates: Candidate[], context: PlanContext): RoutingPlan {
  const remaining = new Map<string, number>();
  const rejected = new Map<string, string>();
  for (const c of candidates) {
    const reason = ineligibility(c, context);
    if (reason) rejected.set(candidateKey(c), reason);
    remaining.set(candidateKey(c), reason ? 0 : c.kind === 'own' ? c.available : c.sellable);
  }
  const byProduct = (productId: number) => candidates.filter((c) => c.productId === productId);
  const fills = (c: Candidate, line: PlanLine) =>
    (remaining.get(candidateKey(c)) ?? 0) >= line.quantity &&
    (c.kind === 'own' || (line.quantity >= c.minOrderQuantity && !excluded(c, line)));

  // How many lines of this order each source could fill alone: fewer shipments.
  const coverage = new Map<string, number>();
  for (const line of lines) {
    for (const c of byProduct(line.productId)) {
      if (fills(c, line)) coverage.set(shipmentOf(c), (coverage.get(shipmentOf(c)) ?? 0) + 1);
    }
  }

  const used = new Set<string>();
  const allocations: PlannedAllocation[] = [];
  const decisions: LineDecision[] = [];
  const unroutable: Unroutable[] = [];

  for (const line of lines) {
    const all = byProduct(line.productId);
    const mine = all.filter((c) => !excluded(c, line));
    const rank = (c: Candidate) => rankKey(c, line, used, coverage);
    const rejectedHere = new Map(rejected);
    for (const c of all) {
      const why = excluded(c, line);
      if (why) rejectedHere.set(candidateKey(c), why);
    }
    const left = new Map(mine.map((c) => [candidateKey(c), remaining.get(candidateKey(c)) ?? 0]));
    const whole = (kind: Candidate['kind']) =>
      mine.filter((c) => c.kind === kind && fills(c, line)).sort((a, b) => compareKeys(rank(a), rank(b)));

    const own = whole('own');
    const offers = own.length === 0 ? whole('supplier') : [];
    const winners = own.length > 0 ? own : offers;
    let taken: { candidate: Candidate; quantity: number }[];
    let rule: LineDecision['rule'];
    let head: string;
    if (winners.length > 0) {
      const [best, runnerUp] = winners as [Candidate, Candidate | undefined];
      taken = [{ candidate: best, quantity: line.quantity }];
      rule = best.kind === 'own' ? 'own_stock' : 'supplier';
      head = whyWon(best, runnerUp, rank);
    } else {
      const split = splitLine(line, mine, remaining, rank);
      if (!split) {
        unroutable.push(refusal(line, all, left, rejectedHere));
        continue;
      }
      taken = split;
      rule = 'split';
      head = `no single source has ${line.quantity} units: split over ${split.map((t) => `${sourceOf(t.candidate)} (${t.quantity})`).join(', ')}`;
    }
    const winner = taken[0]!.candidate;
    const takenKeys = new Set(taken.map((t) => candidateKey(t.candidate)));
    const lostOf = (c: Candidate): string | undefined => {
      if (takenKeys.has(candidateKey(c))) return undefined;
      const reason = rejectedHere.get(candidateKey(c));
      if (reason) return reason;
      const units = left.get(candidateKey(c)) ?? 0;
      if (rule === 'split')
        return `not needed: the line was filled from ${taken.map((t) => sourceOf(t.candidate)).join(', ')}`;

      if (c.kind === 'supplier' && line.quantity < c.minOrderQuantity) {
        return `minimum order quantity ${c.minOrderQuantity}, the line has ${line.quantity}`;
      }
      if (units < line.quantity) return `stock short: ${units} of ${line.quantity} units`;
      if (c.kind === 'supplier' && winner.kind === 'own') return 'own stock goes first';
      return lostTo(c, winner, rank);
    };
    const views = all.map((c) => view(c, line, used, coverage, rejectedHere.get(candidateKey(c)), lostOf(c)));
    const others = views.filter((v) => !v.won).map((v) => `${v.source}: ${v.lost}`);
    const reason = others.length > 0 ? `${head}. Not chosen: ${others.join('; ')}` : head;
    for (const t of taken) {
      remaining.set(candidateKey(t.candidate), (remaining.get(candidateKey(t.candidate)) ?? 0) - t.quantity);
      used.add(shipmentOf(t.candidate));
      allocations.push({
        line: line.index,
        quantity: t.quantity,
        candidate: t.candidate,
        unitCost: t.candidate.unitCost,
      });
    }
    decisions.push({
      line: line.index,
      sku: line.sku,
      quantity: line.quantity,
      rule,
      reason,
      allocations: taken.map((t) => ({
        source: sourceOf(t.candidate),
        kind: t.candidate.kind,
        quantity: t.quantity,
        unitCost: t.candidate.unitCost,
      })),
      candidates: views,
    });
  }
  return { allocations, decisions, unroutable };
}

/** Why this line must not go to the candidate's supplier; undefined when it may. */
function excluded(c: Candidate, line: PlanLine): string | undefined {
  return c.kind === 'supplier' ? line.excludedSuppliers?.get(c.supplierId) : undefined;
}

function ineligibility(c: Candidate, context: PlanContext): string | undefined {
  if (context.exhausted?.has(candidateKey(c))) return 'taken by a concurrent order';
  if (c.kind === 'own') {
    if (!c.sourceActive) return `source ${c.sourceCode} is inactive`;
    if (c.available <= 0) return 'no units available';
    if (!c.margin.keepsMargin) return marginBroken(c.margin);
    return undefined;
  }
  if (!c.supplierActive) return `supplier ${c.supplierCode} is not active`;
  if (!c.isDropship) return `supplier ${c.supplierCode} does not dropship`;
  if (!c.itemAvailable) return 'item unavailable in the supplier feed';
  if (!c.fresh) return "the supplier's feed is too old";
  if (c.currency !== context.currency) return `priced in ${c.currency}, the order is in ${context.currency}`;
  if (c.sellable <= 0) return 'no stock above the supplier buffer';
  if (
    context.ratingFloor !== undefined &&
    c.rated &&
    c.rating !== null &&
    toUnits(c.rating) < toUnits(context.ratingFloor)
  ) {
    return `rated ${c.rating} over 30 days, under the rating floor ${context.ratingFloor}`;
  }
  if (!c.margin.keepsMargin) return marginBroken(c.margin);
  return undefined;
}

function marginBroken(m: MarginCheck): string {
  return (
    `margin broken: a unit costs ${m.landedUnitCost}, at the price ${m.price} it may cost at most ${m.maxUnitCost} ` +
    `(minimum margin ${m.minMarginPercent} %)`
  );
}

/** The line cannot be filled by the sources that keep the margin: the most that can be ordered. */
function refusal(
  line: PlanLine,
  mine: Candidate[],
  left: Map<string, number>,
  rejected: Map<string, string>,
): Unroutable {
  const available = mine.reduce((n, c) => n + (left.get(candidateKey(c)) ?? 0), 0);
  const losing = mine.filter((c) => rejected.get(candidateKey(c))?.startsWith('margin broken'));
  const atPrice =
    losing.length > 0
      ? ` at the current price ${losing[0]!.margin.price} (the cost of ${losing.map(sourceOf).join(', ')} breaks the minimum margin)`
      : '';
  return {
    line: line.index,
    sku: line.sku,
    quantity: line.quantity,
    available,
    message:
      available === 0
        ? `SKU "${line.sku}" is not available from own stock or any supplier${atPrice}`
        : `only ${available} of ${line.quantity} units of SKU "${line.sku}" are available${atPrice}`,
  };
}

/** The name of where units come from, for people. */
function sourceOf(c: Candidate): string {
  return c.kind === 'own' ? c.sourceCode : c.supplierCode;
}

/** One own source or one supplier = one shipment. */
function shipmentOf(c: Candidate): string {
  return `${c.kind}:${sourceOf(c)}`;
}

/** Landed cost of the line at a supplier: units x cost + per-order costs shared over its lines. */
function landedCost(c: SupplierOffer, line: PlanLine, used: Set<string>, coverage: Map<string, number>): Units {
  const goods = toUnits(c.unitCost) * BigInt(line.quantity);
  if (used.has(shipmentOf(c))) return goods;
  const perOrder = toUnits(c.perOrderFee) + shippingCost(c.shippingRule, goods, line.quantity);
  return goods + divideUnits(perOrder, Math.max(1, coverage.get(shipmentOf(c)) ?? 1));
}

type KeyPart = {
  /** Why the better one wins on this rule. */
  label: string;
  /** Why the worse one loses on it. */
  loses: string;
  value: bigint | number;
  shown?: (v: bigint | number) => string;
};

const money = (v: bigint | number) => fromUnits(BigInt(v), 2);
const days = (v: bigint | number) => (Number(v) === 1 ? '1 day' : `${v} days`);
const rating = (v: bigint | number) => fromUnits(-BigInt(v), 2);

function rankKey(c: Candidate, line: PlanLine, used: Set<string>, coverage: Map<string, number>): KeyPart[] {
  const shipments: KeyPart[] = [
    {
      label: 'already ships part of this order',
      loses: 'one more shipment',
      value: used.has(shipmentOf(c)) ? 0 : 1,
    },
    {
      label: 'can fill more lines of this order',
      loses: 'more shipments (fills fewer lines of this order)',
      value: -(coverage.get(shipmentOf(c)) ?? 0),
    },
  ];
  if (c.kind === 'own') {
    return [
      ...shipments,
      { label: 'higher source priority', loses: 'lower source priority', value: c.priority },
      { label: 'first by id', loses: 'same on every rule, later by id', value: c.inventoryId },
    ];
  }
  return [
    ...shipments,
    { label: 'lower landed cost', loses: 'dearer', value: landedCost(c, line, used, coverage), shown: money },
    { label: 'shorter lead time', loses: 'slower', value: c.leadDays, shown: days },
    {
      label: 'higher rating',
      loses: 'lower rating',
      value: -(c.rating === null ? NEUTRAL_RATING : toUnits(c.rating)),
      shown: rating,
    },
    { label: 'higher source priority', loses: 'lower source priority', value: c.priority },
    { label: 'first by id', loses: 'same on every rule, later by id', value: c.supplierId },
  ];
}

function compareKeys(a: KeyPart[], b: KeyPart[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!.value, b[i]!.value];
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** The first rule on which `a` and `b` differ, with both values when they are worth showing. */
function firstDifference(a: KeyPart[], b: KeyPart[]): { part: KeyPart; detail: string } | undefined {
  const i = a.findIndex((part, n) => part.value !== b[n]!.value);
  if (i < 0) return undefined;
  const part = a[i]!;
  const detail = part.shown ? ` (${part.shown(part.value)} vs ${part.shown(b[i]!.value)})` : '';
  return { part, detail };
}

function whyWon(best: Candidate, runnerUp: Candidate | undefined, rank: (c: Candidate) => KeyPart[]): string {
  const head = best.kind === 'own' ? `own stock at ${sourceOf(best)}` : `supplier ${sourceOf(best)}`;
  if (!runnerUp) {
    return best.kind === 'own' ? `${head}: own stock goes first` : `${head}: the only source that can fill the line`;
  }
  const diff = firstDifference(rank(best), rank(runnerUp));
  const why = diff ? `${diff.part.label}${diff.detail}` : 'first by id';
  return `${head}: ${best.kind === 'own' ? 'own stock goes first, ' : ''}${why} than ${sourceOf(runnerUp)}`;
}

function lostTo(loser: Candidate, winner: Candidate, rank: (c: Candidate) => KeyPart[]): string {
  const diff = firstDifference(rank(loser), rank(winner));
  if (!diff) return `same on every rule, ${sourceOf(winner)} comes first`;
  return `${diff.part.loses}${diff.detail} than ${sourceOf(winner)}`;
}

function splitLine(
  line: PlanLine,
  mine: Candidate[],
  remaining: Map<string, number>,
  rank: (c: Candidate) => KeyPart[],
): { candidate: Candidate; quantity: number }[] | undefined {
  const left = (c: Candidate) => remaining.get(candidateKey(c)) ?? 0;
  const own = mine
    .filter((c): c is OwnCandidate => c.kind === 'own' && left(c) > 0)
    .sort((a, b) => left(b) - left(a) || a.inventoryId - b.inventoryId);
  const offers = mine.filter((c) => c.kind === 'supplier' && left(c) > 0).sort((a, b) => compareKeys(rank(a), rank(b)));
  let need = line.quantity;
  const taken: { candidate: Candidate; quantity: number }[] = [];
  for (const c of [...own, ...offers]) {
    if (need === 0) break;
    const quantity = Math.min(need, left(c));
    if (c.kind === 'supplier' && quantity < c.minOrderQuantity) continue;
    taken.push({ candidate: c, quantity });
    need -= quantity;
  }
  return need === 0 ? taken : undefined;
}

function view(
  c: Candidate,
  line: PlanLine,
  used: Set<string>,
  coverage: Map<string, number>,
  rejected: string | undefined,
  lost: string | undefined,
): CandidateView {
  const base = {
    kind: c.kind,
    source: sourceOf(c),
    unitCost: c.unitCost,
    priority: c.priority,
    margin: c.margin,
    ...(rejected ? { rejected } : {}),
    won: lost === undefined,
    ...(lost !== undefined ? { lost } : {}),
  };
  if (c.kind === 'own') return { ...base, available: c.available };
  return {
    ...base,
    available: c.sellable,
    landedCost: fromUnits(landedCost(c, line, used, coverage)),
    leadDays: c.leadDays,
    rating: c.rating,
  };
}
