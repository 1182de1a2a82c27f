/**
 * Re-routing a supplier order that will not fill its lines (rejected, failed, cancelled, or held
 * by the live re-check), inside the caller's transaction, as a sequence:
 *   lock the customer order, then the supplier order → its open ('ordered') allocations → plan
 *   those lines again by the routing rules, excluding the supplier that failed them and every
 *   supplier they were already moved away from → reserve own stock (inventory) → new supplier
 *   orders (fulfillment, which enqueues dispatch for suppliers that submit automatically) →
 *   the old allocations become 'rerouted', the new ones say what they replace and why they moved
 *   → a line nothing can fill is marked unfulfillable on its order line → a note in the supplier
 *   order's history.
 * A second re-route of the same supplier order finds no open allocation and answers with what
 * the first one did. Locks: customer order, then supplier order, as cancelling an order takes them.
 */
import type { Transaction } from 'kysely';
import type { DB, SupplierOrderEventSource } from '../db/types.js';
import { ConflictError } from '../errors.js';
import { REROUTABLE, supplierOrderToReroute, supplierOrdersOfItems } from '../fulfillment/rerouting.js';
import { noteSupplierOrder } from '../fulfillment/notes.js';
import { transitionSupplierOrder } from '../fulfillment/transition.js';
import type { PlanLine, RoutingPlan } from '../routing/plan.js';
import { moveAllocations } from './allocations.js';
import { lockOrder } from './lock.js';
import * as repo from './reroute-repository.js';
import { rollUpOrderStatus } from './roll-up.js';
import { planAndReserve, recordPlan } from './route.js';

/** The supplier order cannot be re-routed as it is: 409 with the reason. */
export class RerouteRefusedError extends ConflictError {
  override readonly code = 'reroute_refused';
}

export interface RerouteBy {
  /** operator: staff asked; system: the shop did it on its own (a rejection, the live re-check). */
  source: Extract<SupplierOrderEventSource, 'operator' | 'system'>;
  actor: string;
}

export type NewSource =
  | { kind: 'own'; source: string; quantity: number }
  | { kind: 'supplier'; supplier: string; supplierOrderId: number; quantity: number };

export interface ReroutedLine {
  orderItemId: number;
  sku: string;
  quantity: number;
  /** Where the units go now; empty when nothing can fill the line. */
  to: NewSource[];
  /** Why nothing can fill it (also on the order line: order_items.unfulfillable_reason). */
  unfulfillable?: string;
}

export interface RerouteResult {
  supplierOrderId: number;
  orderNumber: string;
  /** true: an earlier re-route moved these lines already; the lines are what it did. */
  alreadyRerouted: boolean;
  lines: ReroutedLine[];
}

export async function rerouteSupplierOrder(
  trx: Transaction<DB>,
  supplierOrderId: number,
  by: RerouteBy,
  /** ROUTING_RATING_FLOOR: suppliers rated under it are skipped, as at placement. */
  options: { ratingFloor?: string | undefined } = {},
): Promise<RerouteResult> {
  const head = await supplierOrderToReroute(trx, supplierOrderId, { lock: false });
  const order = await lockOrder(trx, head.orderNumber);
  const so = await supplierOrderToReroute(trx, supplierOrderId, { lock: true });
  if (!REROUTABLE.includes(so.status) && !so.held) {
    throw new RerouteRefusedError(
      `Supplier order ${so.id} is ${so.status}: only a rejected, failed or cancelled supplier order ` +
        '(or one the live re-check holds) can be re-routed',
    );
  }
  const open = await repo.allocationsOfSupplierOrder(trx, so.id, 'ordered');
  if (open.length === 0) {
    const earlier = await repo.allocationsOfSupplierOrder(trx, so.id, 'rerouted');
    if (earlier.length > 0) return { ...(await answerAgain(trx, earlier)), supplierOrderId, orderNumber: order.number };
    throw new RerouteRefusedError(`Supplier order ${so.id} has no lines left to re-route (its order was cancelled)`);
  }
  if (order.status === 'cancelled') {
    throw new RerouteRefusedError(`Order ${order.number} is cancelled: its lines are not re-routed`);
  }
  if (so.held) {
    await transitionSupplierOrder(trx, {
      supplierOrderId: so.id,
      to: 'cancelled',
      source: by.source,
      actor: by.actor,
      reason: `held by the live re-check (${so.lastError ?? 'no reason recorded'}); cancelled to re-route its lines`,
    });
  }

  const failedHere = `${so.supplierCode} ${so.held ? 'held' : so.status} supplier order ${so.id}`;
  const earlier = await repo.earlierSuppliersOf(
    trx,
    open.map((a) => a.orderItemId),
  );
  const lines: PlanLine[] = open.map((a, index) => ({
    index,
    productId: a.productId,
    sku: a.sku,
    quantity: a.quantity,
    orderItemId: a.orderItemId,
    excludedSuppliers: new Map([
      ...earlier.filter((e) => e.orderItemId === a.orderItemId).map((e) => [e.supplierId, e.why] as const),
      [so.supplierId, failedHere] as const,
    ]),
  }));
  const { currency } = await trx
    .selectFrom('orders')
    .select('currency')
    .where('id', '=', order.id)
    .executeTakeFirstOrThrow();
  const plan = await planAndReserve(trx, lines, currency, {
    refuseUnroutable: false,
    ratingFloor: options.ratingFloor,
  });

  const moved = {
    from: { supplierOrderId: so.id, supplier: so.supplierCode, status: so.status, reason: so.lastError },
    source: by.source,
    by: by.actor,
    at: new Date().toISOString(),
  };
  const supplierItems = await recordPlan(trx, order, lines, plan, (line) => ({
    replacesAllocationId: open[line]!.id,
    moved,
  }));
  const rerouted = await moveAllocations(
    trx,
    order.id,
    'ordered',
    'rerouted',
    open.map((a) => a.id),
  );
  if (rerouted.length !== open.length) throw new Error(`allocations of supplier order ${so.id} changed meanwhile`);

  const newOrderOf = await supplierOrdersOfItems(trx, [...supplierItems.values()]);
  const result = answer(lines, plan, (a) => newOrderOf.get(supplierItems.get(a)!)!);
  for (const line of result) {
    if (line.unfulfillable) await repo.markUnfulfillable(trx, line.orderItemId, line.unfulfillable);
  }
  await recordNotes(trx, so.id, failedHere, by, result);
  await rollUpOrderStatus(trx, order.id, { cause: `supplier order ${so.id} re-routed`, actor: by.actor });
  return { supplierOrderId, orderNumber: order.number, alreadyRerouted: false, lines: result };
}

/** Each line with its new sources, or why nothing can fill it. */
function answer(
  lines: PlanLine[],
  plan: RoutingPlan,
  supplierOrderOf: (a: RoutingPlan['allocations'][number]) => number,
): ReroutedLine[] {
  return lines.map((line) => {
    const base = { orderItemId: line.orderItemId!, sku: line.sku, quantity: line.quantity };
    const refused = plan.unroutable.find((u) => u.line === line.index);
    if (refused) {
      const excluded = [...line.excludedSuppliers!.values()].join('; ');
      return { ...base, to: [], unfulfillable: `${refused.message}; not from ${excluded}` };
    }
    const to = plan.allocations
      .filter((a) => a.line === line.index)
      .map((a): NewSource =>
        a.candidate.kind === 'own'
          ? { kind: 'own', source: a.candidate.sourceCode, quantity: a.quantity }
          : {
              kind: 'supplier',
              supplier: a.candidate.supplierCode,
              supplierOrderId: supplierOrderOf(a),
              quantity: a.quantity,
            },
      );
    return { ...base, to };
  });
}

/** What an earlier re-route of these allocations did. */
async function answerAgain(
  trx: Transaction<DB>,
  earlier: repo.SupplierAllocation[],
): Promise<Omit<RerouteResult, 'supplierOrderId' | 'orderNumber'>> {
  const replacements = await repo.replacementsOf(
    trx,
    earlier.map((a) => a.id),
  );
  const reasons = await repo.unfulfillableReasons(
    trx,
    earlier.map((a) => a.orderItemId),
  );
  const lines = earlier.map((a): ReroutedLine => {
    const to = replacements
      .filter((r) => r.replaces === a.id)
      .map((r): NewSource =>
        r.kind === 'own'
          ? { kind: 'own', source: r.source, quantity: r.quantity }
          : { kind: 'supplier', supplier: r.source, supplierOrderId: r.supplierOrderId!, quantity: r.quantity },
      );
    const base = { orderItemId: a.orderItemId, sku: a.sku, quantity: a.quantity, to };
    const reason = reasons.get(a.orderItemId);
    return to.length === 0 && reason ? { ...base, unfulfillable: reason } : base;
  });
  return { alreadyRerouted: true, lines };
}

/** The old supplier order's history says where its lines went; each new one says where it came from. */
async function recordNotes(
  trx: Transaction<DB>,
  supplierOrderId: number,
  failedHere: string,
  by: RerouteBy,
  lines: ReroutedLine[],
): Promise<void> {
  const summary = lines
    .map(
      (l) =>
        `${l.sku} x${l.quantity} → ` +
        (l.unfulfillable
          ? 'nowhere (unfulfillable)'
          : l.to
              .map((t) =>
                t.kind === 'own' ? `own stock ${t.source}` : `${t.supplier} (supplier order ${t.supplierOrderId})`,
              )
              .join(' + ')),
    )
    .join('; ');
  const how = by.source === 'system' ? 're-routed automatically' : 're-routed by an operator';
  await noteSupplierOrder(trx, {
    supplierOrderId,
    kind: 'rerouted',
    source: by.source,
    actor: by.actor,
    reason: `${how}: ${summary}`,
    payload: { lines },
  });
  const created = new Set(
    lines.flatMap((l) => l.to.flatMap((t) => (t.kind === 'supplier' ? [t.supplierOrderId] : []))),
  );
  for (const id of created) {
    await noteSupplierOrder(trx, {
      supplierOrderId: id,
      kind: 'rerouted_here',
      source: by.source,
      actor: by.actor,
      reason: `created by re-routing the lines of ${failedHere}`,
      payload: { from: supplierOrderId },
    });
  }
}
