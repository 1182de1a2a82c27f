/**
 * Order placement, one transaction per order: the lines are checked against the current
 * catalog, priced from current prices in SQL, the customer upserted, the order and its items
 * written, totals computed, then each PlacementStep runs in the same transaction. A failure
 * anywhere rolls everything back: there is never half an order.
 *
 * THE SEAM for routing (issue 4): `routeAndReserve(trx, order)` is a PlacementStep. It routes
 * every line (own stock first, then the best supplier), reserves own stock with one conditional
 * UPDATE, creates the supplier orders and enqueues their dispatch, all inside this transaction,
 * and throws to refuse the order. Pass it in `steps` (AppDeps.orderSteps for the HTTP API).
 * Until then no step runs: orders are placed unrouted, with status 'pending'.
 *
 * An Idempotency-Key makes a retry return the first order: same key and same body (sha256 of
 * its canonical JSON in orders.request_hash) replay it; the same key with another body is refused.
 */
import type { Kysely, Transaction } from 'kysely';
import { databaseError, SQLSTATE } from '../db/sqlstate.js';
import type { DB } from '../db/types.js';
import { IdempotencyKeyReusedError, InvalidInputError, type FieldProblem } from '../errors.js';
import * as repo from './repository.js';
import { requestHash } from './request-hash.js';
import type { Order, OrderInput, ShippingRule } from './types.js';

/** A step inside the order's transaction, after the order and its items are written. */
export type PlacementStep = (trx: Transaction<DB>, order: Order) => Promise<void>;

export interface PlacementOptions {
  idempotencyKey?: string | undefined;
  shipping: ShippingRule;
  steps?: PlacementStep[];
}

export interface PlacementResult {
  order: Order;
  /** true: an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

export async function placeOrder(
  db: Kysely<DB>,
  input: OrderInput,
  options: PlacementOptions,
): Promise<PlacementResult> {
  const key = options.idempotencyKey;
  const hash = key !== undefined ? requestHash(input) : null;
  if (key !== undefined) {
    const earlier = await replay(db, key, hash!);
    if (earlier) return { order: earlier, replayed: true };
  }
  try {
    const order = await db.transaction().execute(async (trx) => {
      const lines = await resolveLines(trx, input);
      const customerId = await repo.upsertCustomer(trx, input.customer.email.trim(), input.customer.name.trim());
      const orderId = await repo.insertOrder(trx, {
        customerId,
        email: input.customer.email.trim(),
        currency: lines.currency,
        shippingAddress: input.shippingAddress,
        idempotencyKey: key ?? null,
        requestHash: hash,
      });
      await repo.insertItems(trx, orderId, lines.items);
      await repo.computeTotals(trx, orderId, options.shipping);
      const placed = (await repo.loadOrder(trx, { id: orderId }))!;
      for (const step of options.steps ?? []) await step(trx, placed);
      return placed;
    });
    return { order, replayed: false };
  } catch (error) {
    // Two requests with the same key at once: the loser of the unique index replays the winner.
    if (key !== undefined && isIdempotencyKeyClash(error)) {
      const earlier = await replay(db, key, hash!);
      if (earlier) return { order: earlier, replayed: true };
    }
    throw error;
  }
}

async function replay(db: Kysely<DB>, key: string, hash: string): Promise<Order | undefined> {
  const row = await repo.findOrderRow(db, { idempotencyKey: key });
  if (!row) return undefined;
  if (row.request_hash !== hash) {
    throw new IdempotencyKeyReusedError(
      'this Idempotency-Key was already used for a different order; use a new key for a new order',
    );
  }
  return repo.loadOrder(db, { id: row.id });
}

function isIdempotencyKeyClash(error: unknown): boolean {
  const db = databaseError(error);
  return db?.code === SQLSTATE.uniqueViolation && db.constraint === 'orders_idempotency_key_key';
}

/** Every line names one sellable product; all in one currency. Problems name their line. */
async function resolveLines(trx: Transaction<DB>, input: OrderInput) {
  const skus = input.items.flatMap((l) => (l.sku !== undefined ? [l.sku] : []));
  const ids = input.items.flatMap((l) => (l.productId !== undefined ? [l.productId] : []));
  const products = await repo.lockProducts(trx, skus, ids);
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const byId = new Map(products.map((p) => [p.id, p]));

  const problems: FieldProblem[] = [];
  const items: { productId: number; quantity: number; line: number }[] = [];
  const currencies = new Set<string>();
  for (const [i, line] of input.items.entries()) {
    if ((line.sku === undefined) === (line.productId === undefined)) {
      problems.push({ path: `/items/${i}`, message: 'must name the product by either sku or productId' });
      continue;
    }
    const product = line.sku !== undefined ? bySku.get(line.sku) : byId.get(line.productId!);
    const [path, label] =
      line.sku !== undefined
        ? [`/items/${i}/sku`, `SKU "${line.sku}"`]
        : [`/items/${i}/productId`, `id ${line.productId}`];
    if (!product) {
      problems.push({ path, message: `there is no product with ${label}` });
    } else if (product.status !== 'active') {
      problems.push({ path, message: `the product with ${label} is not for sale` });
    } else {
      items.push({ productId: product.id, quantity: line.quantity, line: i });
      currencies.add(product.currency);
    }
  }
  if (problems.length === 0 && currencies.size > 1) {
    problems.push({
      path: '/items',
      message: `the products are priced in different currencies (${[...currencies].join(', ')})`,
    });
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new InvalidInputError(`${first.path.slice(1)}: ${first.message}${more}`, problems);
  }
  return { items, currency: [...currencies][0] ?? 'EUR' };
}
