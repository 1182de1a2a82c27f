/**
 * Routing an order inside its transaction: plan every line (routing decides, reading candidates),
 * reserve the own-stock units (inventory), create the supplier orders (fulfillment), store each
 * line's allocations with its decision. A new order does all of that, with the order itself, in
 * one statement (placeRoutedOrder); re-routing a supplier order's lines takes the same steps one
 * statement each (planAndReserve, recordPlan).
 *
 * Under any concurrency no unit is sold twice: a reservation only succeeds while enough units are
 * unreserved, re-checked under its row lock. When one fails (another order took the units first),
 * the order is planned again from fresh stock figures; a line nothing can fill refuses the whole
 * order (409) and the caller's transaction rolls back.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { createSupplierOrders, supplierOrderCharges, type SupplierLine } from '../fulfillment/supplier-orders.js';
import { reserveStock } from '../inventory/reservations.js';
import { loadCandidates, type OwnCandidate, type SupplierOffer } from '../routing/candidates.js';
import { NotRoutableError } from '../routing/errors.js';
import {
  planRouting,
  type PlanContext,
  type PlanLine,
  type PlannedAllocation,
  type RoutingPlan,
} from '../routing/plan.js';
import { insertAllocations, type NewAllocation } from './allocations.js';
import { allocationProfits, profitsOfPlan } from './profit.js';
import type { Order } from './types.js';
import { writePlacedOrder, type PlacedAllocation, type PlacedOrder } from './write-placed-order.js';

/** Plans after a lost reservation race before the order is refused. */
const MAX_PLANS = 5;

type OwnAllocation = PlannedAllocation & { candidate: OwnCandidate };
type SupplierAllocation = PlannedAllocation & { candidate: SupplierOffer };

/**
 * Plans the lines of a new order and writes it with its routing in one statement
 * (write-placed-order.ts); a lost reservation race writes nothing and plans again from fresh
 * figures. A line nothing can fill refuses the whole order before anything is written.
 */
export async function placeRoutedOrder(
  trx: Transaction<DB>,
  lines: (PlanLine & { unitPrice: string })[],
  order: Omit<PlacedOrder, 'lines' | 'reservations' | 'supplierLines' | 'allocations'>,
  ratingFloor?: string,
): Promise<Order> {
  for (let attempt = 1; ; attempt++) {
    const plan = await planFor(trx, lines, { currency: order.currency, ratingFloor });
    if (plan.unroutable.length > 0) throw new NotRoutableError(plan.unroutable);
    const written = await writePlacedOrder(trx, {
      ...order,
      lines: lines.map((l, line) => ({ line, productId: l.productId, quantity: l.quantity })),
      ...placedRouting(lines, plan),
    });
    if (written) return written;
    if (attempt === MAX_PLANS) throw stockKeptChanging(lines);
  }
}

/** What the plan writes: the reservations, the supplier order lines, each allocation with its decision and profit. */
function placedRouting(
  lines: (PlanLine & { unitPrice: string })[],
  plan: RoutingPlan,
): Pick<PlacedOrder, 'reservations' | 'supplierLines' | 'allocations'> {
  const own = plan.allocations.filter((a): a is OwnAllocation => a.candidate.kind === 'own');
  const toSuppliers = plan.allocations.filter((a): a is SupplierAllocation => a.candidate.kind === 'supplier');
  const supplierLines = toSuppliers.map((a) => ({ offer: a.candidate, line: a.line, quantity: a.quantity }));
  const charges = supplierOrderCharges(supplierLines);
  const supplierOf = new Map<PlannedAllocation, number>(toSuppliers.map((a) => [a, a.candidate.supplierId]));
  const profitOf = allocationProfits(
    plan.allocations,
    (a) => lines[a.line]!.unitPrice,
    (a) => {
      const supplierId = supplierOf.get(a);
      return supplierId === undefined ? undefined : { key: supplierId, ...charges.get(supplierId)! };
    },
  );
  const decisionOf = new Map(plan.decisions.map(({ line, ...decision }) => [line, decision]));
  return {
    reservations: own.map((a) => ({ inventoryId: a.candidate.inventoryId, quantity: a.quantity })),
    supplierLines,
    allocations: plan.allocations.map((a): PlacedAllocation => ({
      line: a.line,
      quantity: a.quantity,
      unitCost: a.unitCost,
      decision: decisionOf.get(a.line),
      profit: profitOf.get(a)!,
      source:
        a.candidate.kind === 'own'
          ? { kind: 'own', sourceType: a.candidate.sourceType, inventoryId: a.candidate.inventoryId }
          : { kind: 'supplier', supplierId: a.candidate.supplierId },
    })),
  };
}

/**
 * Plans the lines and reserves the own-stock units of the plan; a lost reservation race plans
 * again from fresh figures. Lines nothing can fill refuse the whole order (refuseUnroutable), or
 * stay in the plan's `unroutable` for the caller (re-routing).
 */
export async function planAndReserve(
  trx: Transaction<DB>,
  lines: PlanLine[],
  currency: string,
  options: { refuseUnroutable: boolean; ratingFloor?: string | undefined },
): Promise<RoutingPlan> {
  for (let attempt = 1; ; attempt++) {
    const plan = await planFor(trx, lines, { currency, ratingFloor: options.ratingFloor });
    if (options.refuseUnroutable && plan.unroutable.length > 0) throw new NotRoutableError(plan.unroutable);
    const own = plan.allocations.filter((a): a is OwnAllocation => a.candidate.kind === 'own');
    if (
      await reserveStock(
        trx,
        own.map((a) => ({ inventoryId: a.candidate.inventoryId, quantity: a.quantity })),
      )
    ) {
      return plan;
    }
    if (attempt === MAX_PLANS) throw stockKeptChanging(lines);
  }
}

/** The plan for these lines from the current candidates; reads only (the route preview uses it too). */
export async function planFor(db: Kysely<DB>, lines: PlanLine[], context: PlanContext): Promise<RoutingPlan> {
  const productIds = [...new Set(lines.map((l) => l.productId))];
  return planRouting(lines, await loadCandidates(db, productIds), context);
}

/** What re-routing adds to the allocations of a line: the one it replaces, and why it moved. */
export interface MovedLine {
  replacesAllocationId: number;
  moved: Record<string, unknown>;
}

/**
 * The supplier orders, then every allocation with its line's decision and its profit as of now;
 * returns the supplier order item of each supplier allocation.
 */
export async function recordPlan(
  trx: Transaction<DB>,
  order: { id: number; number: string },
  lines: PlanLine[],
  plan: RoutingPlan,
  movedOf?: (line: number) => MovedLine,
): Promise<Map<PlannedAllocation, number>> {
  const itemOf = (line: number) => lines[line]!.orderItemId!;
  const toSuppliers = plan.allocations.filter((a): a is SupplierAllocation => a.candidate.kind === 'supplier');
  const supplierItemIds = await createSupplierOrders(
    trx,
    order,
    toSuppliers.map((a): SupplierLine => ({ offer: a.candidate, orderItemId: itemOf(a.line), quantity: a.quantity })),
  );
  const supplierItemOf = new Map<PlannedAllocation, number>(toSuppliers.map((a, i) => [a, supplierItemIds[i]!]));
  const decisionOf = new Map(plan.decisions.map(({ line, ...decision }) => [line, decision]));
  const profitOf = await profitsOfPlan(trx, lines, plan, supplierItemOf);
  await insertAllocations(
    trx,
    order.id,
    plan.allocations.map((a): NewAllocation => ({
      orderItemId: itemOf(a.line),
      quantity: a.quantity,
      unitCost: a.unitCost,
      decision: movedOf ? { ...decisionOf.get(a.line), moved: movedOf(a.line).moved } : decisionOf.get(a.line),
      ...(movedOf ? { replacesAllocationId: movedOf(a.line).replacesAllocationId } : {}),
      profit: profitOf.get(a)!,
      source:
        a.candidate.kind === 'own'
          ? { kind: 'own', sourceType: a.candidate.sourceType, inventoryId: a.candidate.inventoryId }
          : { kind: 'supplier', supplierOrderItemId: supplierItemOf.get(a)! },
    })),
  );
  return supplierItemOf;
}

function stockKeptChanging(lines: PlanLine[]): NotRoutableError {
  return new NotRoutableError(
    lines.map((l) => ({
      line: l.index,
      sku: l.sku,
      quantity: l.quantity,
      available: 0,
      message: `stock of SKU "${l.sku}" kept changing under concurrent orders; try again`,
    })),
  );
}
