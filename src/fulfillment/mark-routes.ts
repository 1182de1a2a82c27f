/**
 * POST /api/supplier-orders/:id/mark: staff mark a supplier order by hand (mark.ts). A change the
 * state machine refuses is logged, and answered 409 with its explanation after the log is committed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { actorOf, requireRole } from '../http/auth.js';
import { IdParam, Timestamp, bearer, errors } from '../http/schemas.js';
import { MARKS, markSupplierOrder } from './mark.js';
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

const markRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB>; syncOrder: SyncOrderStatus }> = async (
  app,
  { db, syncOrder },
) => {
  app.post(
    '/:id/mark',
    {
      preValidation: requireRole('admin', 'staff'),
      schema: {
        tags: ['fulfillment'],
        summary:
          'Mark a supplier order by hand: submitted (with the supplier reference), acknowledged, shipped or ' +
          'partially_shipped (with the shipment and its tracking), delivered, cancelled (staff)',
        security: bearer,
        params: IdParam,
        body: MarkBody,
        response: {
          200: Type.Object({ id: Type.Integer(), from: Type.String(), to: Type.String(), eventId: Type.Integer() }),
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
};

export default markRoutes;
