/**
 * Everything under /api/orders: guest checkout and the customer's lookup; for staff the list,
 * the route preview, an order's routing and status history, cancelling, shipping own stock.
 * Each write opens its transaction here (inTransaction retries a deadlock) and passes it down.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { actorOf, isStaff, requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import { RoutePreviewSchema } from '../routing/schemas.js';
import { orderRouting } from './allocations.js';
import { cancelOrder } from './cancel.js';
import deliveryRoutes from './delivery-routes.js';
import { placeOrder, resolveLines, type PlacementStep } from './placement.js';
import { findOrderRow } from './repository.js';
import { planFor } from './route.js';
import {
  CreateOrderBody,
  CreateOrderHeaders,
  OrderListQuery,
  OrderListSchema,
  OrderLookupQuery,
  OrderNumberParam,
  OrderSchema,
  RerouteResultSchema,
  RoutingLine,
  StatusEventSchema,
} from './schemas.js';
import * as orders from './service.js';
import { rerouteSupplierOrder } from './reroute.js';
import { shipOwnStock } from './ship-own-stock.js';
import { statusHistory } from './status.js';
import type { ShippingRule } from './types.js';

export interface OrderRouteOptions {
  db: Kysely<DB>;
  shipping: ShippingRule;
  /** Extra steps inside each order's transaction, after it is routed (none in the shop). */
  steps: PlacementStep[];
  /** ROUTING_RATING_FLOOR; undefined = off. */
  ratingFloor: string | undefined;
  /** A customer's lookups per client address and minute (staff are not limited). */
  lookupRateLimitPerMinute: number;
}

const orderRoutes: FastifyPluginAsyncTypebox<OrderRouteOptions> = async (
  app,
  { db, shipping, steps, ratingFloor, lookupRateLimitPerMinute },
) => {
  const tags = ['orders'];
  const staff = { preValidation: requireRole('admin', 'staff') };
  await app.register(deliveryRoutes, { db });

  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Place an order (guest checkout); prices and totals come from the server',
        headers: CreateOrderHeaders,
        body: CreateOrderBody,
        response: {
          201: OrderSchema,
          200: {
            ...OrderSchema,
            description: 'Replay: the order an earlier request with this Idempotency-Key created',
          },
          ...errors(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const test = request.headers['x-jne-test-order'] === 'true';
      if (test && !isStaff(request)) throw new ForbiddenError('Only staff may place a test order (X-JNE-Test-Order)');
      const options = { idempotencyKey: request.headers['idempotency-key'], shipping, steps, ratingFloor, test };
      const result = await inTransaction(db, (trx) => placeOrder(trx, request.body, options), { log: request.log });
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      else request.log.info({ order: result.order.number, total: result.order.total }, 'order placed');
      return reply.code(result.replayed ? 200 : 201).send(result.order);
    },
  );

  app.get(
    '/:number',
    {
      // Counted after authentication (preHandler), so that staff with a token are not limited.
      config: {
        rateLimit: {
          max: lookupRateLimitPerMinute,
          timeWindow: '1 minute',
          hook: 'preHandler',
          allowList: (request) => isStaff(request),
        },
      },
      schema: {
        tags,
        summary: 'One order: for the customer with ?email=, for staff with a token',
        params: OrderNumberParam,
        querystring: OrderLookupQuery,
        response: { 200: OrderSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) =>
      orders.getOrder(db, request.params.number, { staff: isStaff(request), email: request.query.email }),
  );

  app.get(
    '',
    {
      ...staff,
      schema: {
        tags,
        summary: 'List orders by status, date, customer and supplier, sorted, a page at a time (staff)',
        security: bearer,
        querystring: OrderListQuery,
        response: { 200: OrderListSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => orders.listOrders(db, request.query),
  );

  app.post(
    '/route-preview',
    {
      ...staff,
      schema: {
        tags,
        summary: 'How these lines would be routed now (own stock, suppliers), without ordering or reserving (staff)',
        security: bearer,
        body: Type.Object({ items: CreateOrderBody.properties.items }, { additionalProperties: false }),
        response: { 200: RoutePreviewSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { items, currency } = await resolveLines(db, request.body.items, { lock: false });
      const plan = await planFor(db, items, { currency, ratingFloor });
      return { routable: plan.unroutable.length === 0, lines: plan.decisions, unroutable: plan.unroutable };
    },
  );

  app.get(
    '/:number/routing',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Where each line of an order comes from, and why (the routing decision) (staff)',
        security: bearer,
        params: OrderNumberParam,
        response: { 200: Type.Object({ items: Type.Array(RoutingLine) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const items = await orderRouting(db, request.params.number);
      if (items.length === 0) throw new NotFoundError(`Order ${request.params.number} has no routing`);
      return { items };
    },
  );

  app.get(
    '/:number/status-history',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Every change of the order status, oldest first, with its cause and who made it (staff)',
        security: bearer,
        params: OrderNumberParam,
        response: { 200: Type.Object({ items: Type.Array(StatusEventSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const order = await findOrderRow(db, { number: request.params.number });
      if (!order) throw new NotFoundError(`Order ${request.params.number} does not exist`);
      return { items: await statusHistory(db, order.id) };
    },
  );

  app.post(
    '/:number/cancel',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Cancel an order: release its stock, cancel its supplier orders (staff)',
        security: bearer,
        params: OrderNumberParam,
        response: {
          200: Type.Object({
            number: Type.String(),
            releasedUnits: Type.Integer(),
            supplierOrdersCancelled: Type.Integer(),
            supplierOrdersCancelRequested: Type.Integer(),
          }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => cancelOrder(trx, request.params.number, actorOf(request)), { log: request.log }),
  );

  app.post(
    '/:number/ship-own-stock',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Ship the own-stock units of an order: the reserved units leave the warehouse (staff)',
        security: bearer,
        params: OrderNumberParam,
        response: {
          200: Type.Object({ number: Type.String(), shippedUnits: Type.Integer(), status: Type.String() }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => shipOwnStock(trx, request.params.number, actorOf(request)), { log: request.log }),
  );
};

export default orderRoutes;

/**
 * POST /api/supplier-orders/:id/reroute (staff): the lines of a rejected, failed or cancelled
 * supplier order go to their next best sources (reroute.ts). Registered under the supplier
 * orders' prefix; it lives here because re-routing moves allocations, which orders own.
 */
export const rerouteRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB>; ratingFloor: string | undefined }> = async (
  app,
  { db, ratingFloor },
) => {
  app.post(
    '/:id/reroute',
    {
      preValidation: requireRole('admin', 'staff'),
      schema: {
        tags: ['fulfillment'],
        summary:
          "Re-route a rejected, failed or cancelled supplier order's lines to the next best sources, " +
          'excluding its supplier (staff)',
        security: bearer,
        params: IdParam,
        response: { 200: RerouteResultSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      inTransaction(
        db,
        (trx) =>
          rerouteSupplierOrder(
            trx,
            request.params.id,
            { source: 'operator', actor: actorOf(request) },
            { ratingFloor },
          ),
        { log: request.log },
      ),
  );
};
