/** GET /api/admin/dashboard: the console's first page in one request (staff). Reads only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { requireRole } from '../http/auth.js';
import { bearer, errors } from '../http/schemas.js';
import { readDashboard } from './repository.js';
import { DashboardQuery, DashboardSchema } from './schemas.js';

function midnightUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export const dashboardRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get(
    '',
    {
      preValidation: requireRole('admin', 'staff'),
      schema: {
        tags: ['dashboard'],
        summary: "Today's orders and revenue, supplier orders by status, open alerts, last imports, low stock (staff)",
        security: bearer,
        querystring: DashboardQuery,
        response: { 200: DashboardSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const since = request.query.since ? new Date(request.query.since) : midnightUtc(new Date());
      return readDashboard(db, since);
    },
  );
};
