/**
 * Staff change a supplier order's status by hand: POST /api/supplier-orders/:id/mark records what
 * the supplier said (mark.ts), POST /api/supplier-orders/:id/cancel cancels it (supplier-orders.ts).
 * A change the state machine refuses is logged, and answered 409 with its explanation after the
 * log is committed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { actorOf, requireRole } from '../http/auth.js';
import { IdParam, Timestamp, bearer, errors } from '../http/schemas.js';
import { MARKS, markSupplierOrder } from './mark.js';
import { SupplierOrderStatusSchema } from './schemas.js';
import { cancelSupplierOrderById } from './supplier-orders.js';
import type { SyncOrderStatus } from './order-sync.js';
import { SupplierOrderStatusError } from './status.js';

const Text = (max: number) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '\\S', 'x-message': 'must not be blank' });

export const MarkBody = Type.Object(
  {
    status: Type.Union(MARKS.map((s) => Type.Literal(s))),
    externalReference: Type.Optional(Text(200)),
    note: Type.Optional(Text(2000)),
    shipment: Type.Optional(
      Type.Object(
        {
          carrier: Text(100),
          trackingNumber: Text(100),
          trackingUrl: Type.Optional(
            Type.String({ maxLength: 2000, pattern: '^https?://\\S+$', 'x-message': 'must be an http(s) URL' }),
          ),
          shippedAt: Type.Optional(Timestamp),
          lines: Type.Optional(
            Type.Array(
              Type.Object(
                { supplierSku: Text(200), quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 1000 },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const StatusChange = Type.Object({
  id: Type.Integer(),
  from: SupplierOrderStatusSchema,
  to: SupplierOrderStatusSchema,
  eventId: Type.Integer(),
});

const markRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB>; syncOrder: SyncOrderStatus }> = async (
  app,
  { db, syncOrder },
) => {
  const staff = { preValidation: requireRole('admin', 'staff') };
  app.post(
    '/:id/mark',
    {
      ...staff,
      schema: {
        tags: ['fulfillment'],
        summary:
          'Mark a supplier order by hand: submitted (with the supplier reference), acknowledged, shipped or ' +
          'partially_shipped (with the shipment and its tracking), delivered, cancelled (staff)',
        security: bearer,
        params: IdParam,
        body: MarkBody,
        response: {
          200: StatusChange,
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const { shipment, ...rest } = request.body;
      const mark = {
        ...rest,
        ...(shipment
          ? { shipment: { ...shipment, shippedAt: shipment.shippedAt ? new Date(shipment.shippedAt) : undefined } }
          : {}),
      };
      const result = await inTransaction(
        db,
        (trx) => markSupplierOrder(trx, request.params.id, mark, actorOf(request), syncOrder),
        { log: request.log },
      );
      if (!result.applied) throw new SupplierOrderStatusError(result.reason!);
      return { id: result.id, from: result.from, to: result.to, eventId: result.eventId };
    },
  );

  app.post(
    '/:id/cancel',
    {
      ...staff,
      schema: {
        tags: ['fulfillment'],
        summary:
          'Cancel a supplier order: one not yet sent (pending, failed) is cancelled; one the supplier has ' +
          '(submitted, acknowledged) becomes cancel_requested and the supplier is asked (staff)',
        security: bearer,
        params: IdParam,
        response: { 200: StatusChange, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const result = await inTransaction(
        db,
        async (trx) => {
          const change = await cancelSupplierOrderById(trx, request.params.id, actor);
          if (change.applied) {
            const cause = `supplier order ${request.params.id} ${change.to} by an operator`;
            await syncOrder(trx, change.orderId, { cause, actor });
          }
          return change;
        },
        { log: request.log },
      );
      if (!result.applied) throw new SupplierOrderStatusError(result.reason!);
      return { id: request.params.id, from: result.from, to: result.to, eventId: result.eventId };
    },
  );
};

export default markRoutes;
