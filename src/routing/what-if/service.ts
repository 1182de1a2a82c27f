/**
 * The routing what-if in two steps: gatherWhatIf reads (the past orders of the range, today's
 * candidates of their products, and for a pricing-rule change the prices and minimum margins it
 * gives) in the caller's READ ONLY transaction (inReadOnlyTransaction), so nothing it calls can
 * write; answerWhatIf applies the change in memory, replays and answers, reading nothing.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { InvalidInputError } from '../../errors.js';
import { fromUnits } from '../../money.js';
import { findRule } from '../../pricing/rules-repository.js';
import { parseRange } from '../../profit/report.js';
import { minMarginsWithChange, rulePricesWithChange } from '../../pricing/rule-change.js';
import { findSupplierIdByCode } from '../../suppliers/repository.js';
import { shippingRuleProblems } from '../../suppliers/validation.js';
import { loadCandidates, type Candidate } from '../candidates.js';
import { candidateKey } from '../plan.js';
import { applyChange, type RepricedWorld } from './change.js';
import { loadPastOrders, MAX_WHAT_IF_ORDERS, type PastOrder, type PlacedRange } from './history.js';
import { ASSUMPTIONS, average, replayOrders, type Totals } from './replay.js';
import type { WhatIfChange, WhatIfRequest, WhatIfResult } from './schemas.js';

/** What the replay needs, read in the caller's READ ONLY transaction. */
export interface WhatIfFacts {
  request: WhatIfRequest;
  maxOrders: number;
  orders: PastOrder[];
  candidates: Candidate[];
  repriced: RepricedWorld | undefined;
}

/** The past orders of the range and today's candidates (and prices, for a pricing-rule change). */
export async function gatherWhatIf(
  trx: Transaction<DB>,
  request: WhatIfRequest,
  maxOrders = MAX_WHAT_IF_ORDERS,
): Promise<WhatIfFacts> {
  const range = placedRange(request.from, request.to);
  const { change } = request;
  await checkChangeTarget(trx, change);
  const orders = await loadPastOrders(trx, range, maxOrders);
  const productIds = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.productId)))];
  const candidates = await loadCandidates(trx, productIds);
  const repriced =
    change.kind === 'pricing_rule' ? await repricedWorld(trx, change, productIds, candidates) : undefined;
  return { request, maxOrders, orders, candidates, repriced };
}

/**
 * The replay and its answer: reads nothing, so the caller runs it after the gathering's
 * transaction has ended (on the embedded database, its one session serves other requests
 * meanwhile); it gives the event loop a turn every few hundred orders.
 * `ratingFloor`: ROUTING_RATING_FLOOR as configured, the floor of the replay as is.
 */
export async function answerWhatIf(facts: WhatIfFacts, ratingFloor: string | undefined): Promise<WhatIfResult> {
  const { request, orders, candidates } = facts;
  const changed = applyChange(candidates, request.change, ratingFloor, facts.repriced);
  const replay = await replayOrders(orders, candidates, changed, ratingFloor);
  const costDelta = replay.withChange.cost - replay.asIs.cost;
  const marginDelta = replay.withChange.margin - replay.asIs.margin;
  return {
    range: { from: request.from, to: request.to },
    change: request.change,
    orders: replay.orders,
    lines: replay.lines,
    maxOrders: facts.maxOrders,
    assumptions: ASSUMPTIONS,
    moved: replay.moved,
    moves: replay.moves,
    asIs: shown(replay.asIs),
    withChange: shown(replay.withChange),
    delta: {
      revenue: fromUnits(replay.withChange.revenue - replay.asIs.revenue),
      cost: fromUnits(costDelta),
      margin: fromUnits(marginDelta),
      leadDays: replay.leadDelta.days,
      perLine: {
        cost: average(costDelta, replay.lines),
        margin: average(marginDelta, replay.lines),
        leadDays: average(BigInt(replay.leadDelta.days) * 10000n, replay.leadDelta.lines),
      },
    },
    examples: replay.examples,
  };
}

/** from..to as whole UTC days, both included (checked as the profit report checks its range). */
export function placedRange(from: string, to: string): PlacedRange {
  const days = parseRange(from, to);
  const start = new Date(`${days.from}T00:00:00Z`);
  return { from: start, to: new Date(new Date(`${days.to}T00:00:00Z`).getTime() + 86_400_000) };
}

async function checkChangeTarget(trx: Transaction<DB>, change: WhatIfChange): Promise<void> {
  if ('supplier' in change && (await findSupplierIdByCode(trx, change.supplier)) === undefined) {
    throw InvalidInputError.field('/change/supplier', `no supplier with code "${change.supplier}"`);
  }
  if (change.kind === 'supplier_shipping') {
    const problems = shippingRuleProblems(change.shippingRule, '/change/shippingRule');
    if (problems.length > 0)
      throw new InvalidInputError(`${problems[0]!.path.slice(1)}: ${problems[0]!.message}`, problems);
  }
  if (change.kind === 'pricing_rule' && !(await findRule(trx, change.ruleId))) {
    throw InvalidInputError.field('/change/ruleId', `no pricing rule with id ${change.ruleId}`);
  }
}

async function repricedWorld(
  trx: Transaction<DB>,
  change: WhatIfChange & { kind: 'pricing_rule' },
  productIds: number[],
  candidates: Candidate[],
): Promise<RepricedWorld> {
  const sources = candidates.flatMap((c) =>
    c.margin.landedUnitCost === null
      ? []
      : [
          {
            key: candidateKey(c),
            productId: c.productId,
            supplierId: c.kind === 'supplier' ? c.supplierId : null,
            cost: c.margin.landedUnitCost,
          },
        ],
  );
  return {
    prices: await rulePricesWithChange(trx, change, productIds),
    minMargins: await minMarginsWithChange(trx, change, sources),
  };
}

function shown(t: Totals): WhatIfResult['asIs'] {
  return {
    lines: t.lines,
    unfulfillable: t.unfulfillable,
    revenue: fromUnits(t.revenue),
    cost: fromUnits(t.cost),
    margin: fromUnits(t.margin),
    unknownCostLines: t.unknownCostLines,
    leadDays: t.leadDays,
  };
}
