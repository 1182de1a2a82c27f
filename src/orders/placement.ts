/**
 * Order placement, inside the caller's transaction, as the sequence it is:
 *   replay an Idempotency-Key → resolve the lines against the catalog (locked) → plan the routing
 *   → write it all in one statement (the customer, the order and its items priced from current
 *   prices in SQL, its totals, own stock reserved, supplier orders, allocations, confirmed) → any
 *   extra steps.
 * A failure anywhere throws and the caller's transaction rolls back: there is never half an order.
 *
 * An Idempotency-Key makes a retry return the first order: same key and same body (sha256 of its
 * canonical JSON in orders.request_hash) replay it; the same key with another body is refused.
 * Two requests with one key wait for each other on a transaction-level advisory lock, so the
 * second always sees the first's order once it has committed.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types.js';
import { IdempotencyKeyReusedError, InvalidInputError, type FieldProblem } from '../errors.js';
import type { PlanLine } from '../routing/plan.js';
import * as repo from './repository.js';
import { requestHash } from './request-hash.js';
import { placeRoutedOrder } from './route.js';
import type { Order, OrderInput, OrderLineInput, ShippingRule } from './types.js';

/** A step inside the order's transaction, after the order is written and routed. */
export type PlacementStep = (trx: Transaction<DB>, order: Order) => Promise<void>;

export interface PlacementOptions {
  idempotencyKey?: string | undefined;
  shipping: ShippingRule;
  steps?: PlacementStep[];
  /** ROUTING_RATING_FLOOR: suppliers rated under it are not used; undefined = off. */
  ratingFloor?: string | undefined;
  /** A test order (staff only, jne smoke --order): placed and routed, its supplier orders never sent. */
  test?: boolean;
}

export interface PlacementResult {
  order: Order;
  /** true: an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

/** Advisory lock namespace of Idempotency-Keys (the two-int form never meets the migrator's bigint lock). */
const IDEMPOTENCY_LOCK = 7301;

export async function placeOrder(
  trx: Transaction<DB>,
  input: OrderInput,
  options: PlacementOptions,
): Promise<PlacementResult> {
  const key = options.idempotencyKey;
  const hash = key !== undefined ? requestHash(input) : null;
  // The order's statements take arrays of any length and are kept prepared on the connection:
  // PostgreSQL's own choice planned the routing candidates again for every order (about 0.5 ms of
  // its 1 ms), as its generic plan looked dearer than a plan for the given lines. LOCAL: the
  // connection goes back to the pool with PostgreSQL's choice, which the product list relies on.
  await sql`SET LOCAL plan_cache_mode = force_generic_plan`.execute(trx);
  if (key !== undefined) {
    await sql`SELECT pg_advisory_xact_lock(${IDEMPOTENCY_LOCK}, hashtext(${key}))`.execute(trx);
    const earlier = await replay(trx, key, hash!);
    if (earlier) return { order: earlier, replayed: true };
  }
  const lines = await resolveLines(trx, input.items, { lock: true });
  const order = await placeRoutedOrder(
    trx,
    lines.items,
    {
      customer: { email: input.customer.email.trim(), name: input.customer.name.trim() },
      currency: lines.currency,
      shippingAddress: input.shippingAddress,
      idempotencyKey: key ?? null,
      requestHash: hash,
      isTest: options.test === true,
      shipping: options.shipping,
      change: { cause: 'placed and routed', actor: 'customer' },
    },
    options.ratingFloor,
  );
  for (const step of options.steps ?? []) await step(trx, order);
  return { order, replayed: false };
}

async function replay(trx: Transaction<DB>, key: string, hash: string): Promise<Order | undefined> {
  const row = await repo.findOrderRow(trx, { idempotencyKey: key });
  if (!row) return undefined;
  if (row.request_hash !== hash) {
    throw new IdempotencyKeyReusedError(
      'this Idempotency-Key was already used for a different order; use a new key for a new order',
    );
  }
  return repo.loadOrder(trx, { id: row.id });
}

export interface ResolvedLines {
  /** With the product's price as locked: the order line's unit price. */
  items: (PlanLine & { line: number; unitPrice: string })[];
  currency: string;
}

/**
 * Every line names one product for sale, all in one currency; problems name their line
 * (/items/N/sku). With `lock`, the products stay locked against change (FOR SHARE) until commit.
 */
export async function resolveLines(
  db: Kysely<DB>,
  lines: OrderLineInput[],
  options: { lock: boolean },
): Promise<ResolvedLines> {
  const skus = lines.flatMap((l) => (l.sku !== undefined ? [l.sku] : []));
  const ids = lines.flatMap((l) => (l.productId !== undefined ? [l.productId] : []));
  const products = await repo.productsForLines(db, skus, ids, options);
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const byId = new Map(products.map((p) => [p.id, p]));

  const problems: FieldProblem[] = [];
  const items: ResolvedLines['items'] = [];
  const currencies = new Set<string>();
  for (const [i, line] of lines.entries()) {
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
      items.push({
        index: i,
        line: i,
        productId: product.id,
        sku: product.sku,
        quantity: line.quantity,
        unitPrice: product.price,
      });
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
