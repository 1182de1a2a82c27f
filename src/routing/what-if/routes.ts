/**
 * POST /api/routing/what-if (staff): the past orders of a range replayed through today's routing
 * with one setting changed. It never writes: the route opens a READ ONLY transaction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { inReadOnlyTransaction } from '../../db/transaction.js';
import type { DB } from '../../db/types.js';
import { requireRole } from '../../http/auth.js';
import { bearer, errors } from '../../http/schemas.js';
import { WhatIfBody, WhatIfResultSchema } from './schemas.js';
import { answerWhatIf, gatherWhatIf } from './service.js';
import { MAX_WHAT_IF_ORDERS } from './history.js';

export interface WhatIfRouteOptions {
  db: Kysely<DB>;
  /** ROUTING_RATING_FLOOR; undefined = off. */
  ratingFloor: string | undefined;
}

export const whatIfRoutes: FastifyPluginAsyncTypebox<WhatIfRouteOptions> = async (app, { db, ratingFloor }) => {
  app.post(
    '/what-if',
    {
      preValidation: requireRole('admin', 'staff'),
      schema: {
        tags: ['routing'],
        summary: `Replay the orders placed from..to (at most ${MAX_WHAT_IF_ORDERS}) through today's routing with one setting changed: the lines that move and the deltas in cost, margin and lead time; writes nothing (staff)`,
        security: bearer,
        body: WhatIfBody,
        response: { 200: WhatIfResultSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const facts = await inReadOnlyTransaction(db, (trx) => gatherWhatIf(trx, request.body));
      return answerWhatIf(facts, ratingFloor);
    },
  );
};
