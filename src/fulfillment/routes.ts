/** Everything under /api/supplier-orders: the work queue of supplier orders, for staff. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { inTransaction } from '../db/transaction.js';
import { actorOf, requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import { supplierOrderEvents } from './events-repository.js';
import markRoutes from './mark-routes.js';
import type { SyncOrderStatus } from './order-sync.js';
import purchaseOrderRoutes from './purchase-order/routes.js';
import { listSupplierOrders, supplierOrderCounts } from './repository.js';
import { submitNow } from './submit.js';
import { SUPPLIER_ORDER_SORTS, SupplierOrder, SupplierOrderCount, SupplierOrderStatusSchema } from './schemas.js';

const supplierOrderRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB>; syncOrder: SyncOrderStatus }> = async (
  app,
  { db, syncOrder },
) => {
  const staff = { preValidation: requireRole('admin', 'staff') };
  const tags = ['fulfillment'];
  await app.register(markRoutes, { db, syncOrder });
  // The purchase order downloads (CSV, printable page): a plugin of their own.
  await app.register(purchaseOrderRoutes, { db });

  app.get(
    '',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Supplier orders by supplier, status and customer order, sorted, with their lines (staff)',
        security: bearer,
        querystring: Type.Object(
          {
            supplierId: Type.Optional(Type.Integer({ minimum: 1 })),
            status: Type.Optional(SupplierOrderStatusSchema),
            orderNumber: Type.Optional(
              Type.String({ minLength: 1, maxLength: 64, description: 'of one customer order' }),
            ),
            sort: Type.Enum(SUPPLIER_ORDER_SORTS, {
              default: 'created_at_desc',
              description: 'a column, ascending, or with _desc',
            }),
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
    '/counts',
    {
      ...staff,
      schema: {
        tags,
        summary: 'How many supplier orders each supplier has in each status: the work queue at a glance (staff)',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(SupplierOrderCount) }), ...errors(401, 403) },
      },
    },
    async () => ({ items: await supplierOrderCounts(db) }),
  );

  app.get(
    '/:id',
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
    '/:id/events',
    {
      ...staff,
      schema: {
        tags,
        summary: "A supplier order's history: every status change and every refused one, with its cause (staff)",
        security: bearer,
        params: IdParam,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                from: SupplierOrderStatusSchema,
                to: SupplierOrderStatusSchema,
                source: Type.String(),
                applied: Type.Boolean(),
                reason: Type.Union([Type.String(), Type.Null()]),
                actor: Type.Union([Type.String(), Type.Null()]),
                payload: Type.Unknown(),
                at: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => ({
      items: (await supplierOrderEvents(db, request.params.id)).map((e) => ({ ...e, at: e.at.toISOString() })),
    }),
  );

  app.post(
    '/:id/submit',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Send a pending or failed supplier order now (staff)',
        security: bearer,
        params: IdParam,
        response: {
          200: Type.Object({ id: Type.Integer(), status: Type.Literal('pending'), jobId: Type.String() }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => submitNow(trx, request.params.id, actorOf(request)), { log: request.log }),
  );
};

export default supplierOrderRoutes;
