/** Supplier orders for staff, an order's routing, and cancelling an order. */
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import type { App } from '../http/types.js';
import { OrderNumberParam } from '../orders/schemas.js';
import { actorOf } from '../inventory/routes.js';
import { cancelOrder } from './cancel.js';
import { shipOwnStock } from './ship-own.js';
import { listSupplierOrders, orderRouting } from './repository.js';
import { RoutingLine, STATUSES, SupplierOrder } from './schemas.js';

export function fulfillmentRoutes(app: App, deps: { db: Kysely<DB> }): void {
  const { db } = deps;
  const staff = { preHandler: requireRole('admin', 'staff') };
  const tags = ['fulfillment'];

  app.get(
    '/api/supplier-orders',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Supplier orders by supplier and status, newest first, with their lines (staff)',
        security: bearer,
        querystring: Type.Object(
          {
            supplierId: Type.Optional(Type.Integer({ minimum: 1 })),
            status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(SupplierOrder), total: Type.Integer() }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => listSupplierOrders(db, request.query),
  );

  app.get(
    '/api/supplier-orders/:id',
    {
      ...staff,
      schema: {
        tags,
        summary: 'One supplier order with its lines (staff)',
        security: bearer,
        params: IdParam,
        response: { 200: SupplierOrder, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { items } = await listSupplierOrders(db, { id: request.params.id, limit: 1, offset: 0 });
      if (!items[0]) throw new NotFoundError(`Supplier order ${request.params.id} does not exist`);
      return items[0];
    },
  );

  app.get(
    '/api/orders/:number/routing',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Where each line of an order comes from, and why (the routing decision) (staff)',
        security: bearer,
        params: OrderNumberParam,
        response: {
          200: Type.Object({
            items: Type.Array(RoutingLine),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const items = await orderRouting(db, request.params.number);
      if (items.length === 0) throw new NotFoundError(`Order ${request.params.number} has no routing`);
      return { items };
    },
  );

  app.post(
    '/api/orders/:number/cancel',
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
    async (request) => cancelOrder(db, request.params.number),
  );

  app.post(
    '/api/orders/:number/ship-own-stock',
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
    async (request) => shipOwnStock(db, request.params.number, actorOf(request)),
  );
}
