/** Order routes: guest checkout, the customer's order lookup, the staff's list and detail. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { isStaff, requireRole } from '../http/auth.js';
import { bearer, errors } from '../http/schemas.js';
import type { App } from '../http/types.js';
import type { PlacementStep } from './placement.js';
import {
  CreateOrderBody,
  CreateOrderHeaders,
  OrderListQuery,
  OrderListSchema,
  OrderLookupQuery,
  OrderNumberParam,
  OrderSchema,
} from './schemas.js';
import * as orders from './service.js';
import type { ShippingRule } from './types.js';

export interface OrderRouteDeps {
  db: Kysely<DB>;
  shipping: ShippingRule;
  steps: PlacementStep[];
}

export function orderRoutes(app: App, deps: OrderRouteDeps): void {
  const { db } = deps;
  const tags = ['orders'];

  app.post(
    '/api/orders',
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
          ...errors(400, 401, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await orders.placeOrder(db, request.body, {
        idempotencyKey: request.headers['idempotency-key'],
        shipping: deps.shipping,
        steps: deps.steps,
      });
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      else request.log.info({ order: result.order.number, total: result.order.total }, 'order placed');
      return reply.code(result.replayed ? 200 : 201).send(result.order);
    },
  );

  app.get(
    '/api/orders/:number',
    {
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
    '/api/orders',
    {
      preHandler: requireRole('admin', 'staff'),
      schema: {
        tags,
        summary: 'List orders, newest first, by status and date (staff)',
        security: bearer,
        querystring: OrderListQuery,
        response: { 200: OrderListSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => orders.listOrders(db, request.query),
  );
}
