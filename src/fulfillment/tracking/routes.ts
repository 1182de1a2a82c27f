/**
 * POST /api/suppliers/:id/tracking-imports: staff upload a supplier's tracking file (text/csv,
 * the format of parse.ts). One transaction for the file; the answer is the report of every row.
 * A file that cannot be read: 400 naming the line, nothing written.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { inTransaction } from '../../db/transaction.js';
import type { DB } from '../../db/types.js';
import { actorOf, requireRole } from '../../http/auth.js';
import { IdParam, bearer, errors } from '../../http/schemas.js';
import type { SyncOrderStatus } from '../order-sync.js';
import { importTracking } from './import.js';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain'];

export const TrackingReportSchema = Type.Object({
  supplierCode: Type.String(),
  rowsRead: Type.Integer(),
  applied: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      line: Type.Integer(),
      reference: Type.Union([Type.String(), Type.Null()]),
      outcome: Type.Union([Type.Literal('applied'), Type.Literal('unchanged'), Type.Literal('rejected')]),
      status: Type.Optional(Type.String()),
      reason: Type.Optional(Type.String()),
    }),
  ),
});

const trackingImportRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB>; syncOrder: SyncOrderStatus }> = async (
  app,
  { db, syncOrder },
) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(CSV_TYPES, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/:id/tracking-imports',
    {
      preValidation: requireRole('admin', 'staff'),
      schema: {
        tags: ['fulfillment'],
        summary:
          "Import a supplier's tracking file (text/csv: reference, carrier, tracking_number, tracking_url, " +
          'shipped_at, lines as SKU:QTY;SKU:QTY): each row a parcel, like the webhook order.shipped (staff)',
        security: bearer,
        params: IdParam,
        body: Type.String(),
        response: { 200: TrackingReportSchema, ...errors(400, 401, 403, 404, 415) },
      },
    },
    async (request) =>
      inTransaction(
        db,
        (trx) => importTracking(trx, { id: request.params.id }, request.body, actorOf(request), syncOrder),
        {
          log: request.log,
        },
      ),
  );
};

export default trackingImportRoutes;
