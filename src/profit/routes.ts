/**
 * Profit for staff: what each line of an order earns (/api/orders/:number/profit) and the report
 * over a date range (/api/reports/profit). Both only read the figures stored with the allocations.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { requireRole } from '../http/auth.js';
import { bearer, errors } from '../http/schemas.js';
import { orderProfit } from './order-profit.js';
import { parseRange, profitReport } from './report.js';
import { OrderProfit, ProfitReport, ReportQuery } from './schemas.js';

const staff = { preValidation: requireRole('admin', 'staff') };
const tags = ['profit'];

/** Under /api/orders. */
export const orderProfitRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get(
    '/:number/profit',
    {
      ...staff,
      schema: {
        tags,
        summary: "What each line of an order earns, as recorded with its allocations, and the order's totals (staff)",
        security: bearer,
        params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: OrderProfit, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const profit = await orderProfit(db, request.params.number);
      if (!profit) throw new NotFoundError(`Order ${request.params.number} does not exist`);
      return profit;
    },
  );
};

/** Under /api/reports. */
export const profitReportRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get(
    '/profit',
    {
      ...staff,
      schema: {
        tags,
        summary:
          'Revenue, costs and margin of the orders placed from one day to another, by supplier, category or product (staff)',
        security: bearer,
        querystring: ReportQuery,
        response: { 200: ProfitReport, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { from, to, groupBy } = request.query;
      return profitReport(db, parseRange(from, to), groupBy);
    },
  );
};
