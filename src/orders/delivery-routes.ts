/** POST /api/orders/:number/confirm-delivery: staff confirm the delivery of the shop's own parcel. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { actorOf, requireRole } from '../http/auth.js';
import { bearer, errors } from '../http/schemas.js';
import { confirmOwnDelivery } from './delivery.js';
import { OrderNumberParam } from './schemas.js';

const deliveryRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.post(
    '/:number/confirm-delivery',
    {
      preValidation: requireRole('admin', 'staff'),
      schema: {
        tags: ['orders'],
        summary:
          "Confirm that the shop's own parcel of a shipped order was delivered; the suppliers' parts must be delivered (staff)",
        security: bearer,
        params: OrderNumberParam,
        response: {
          200: Type.Object({ number: Type.String(), status: Type.Literal('delivered') }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => confirmOwnDelivery(trx, request.params.number, actorOf(request)), {
        log: request.log,
      }),
  );
};

export default deliveryRoutes;
