/**
 * Supplier performance for staff: every supplier side by side (/api/performance), one supplier's
 * figures with the supplier orders behind them (/api/suppliers/:id/performance), and the
 * recompute on demand.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import { parsePeriod } from './periods.js';
import { recomputePerformance } from './recompute.js';
import { listPerformance, ordersBehind, supplierPerformance } from './repository.js';
import {
  OrderFacts,
  PerformanceFigures,
  PeriodQuery,
  RecomputeResult,
  SortQuery,
  WeeklyQuery,
  WeeklySeries,
} from './schemas.js';
import { weeklyPerformance } from './weekly.js';

export interface PerformanceRouteOptions {
  db: Kysely<DB>;
  /** PERFORMANCE_MIN_ORDERS */
  minOrders: number;
}

const staff = { preValidation: requireRole('admin', 'staff') };
const tags = ['performance'];

export const performanceRoutes: FastifyPluginAsyncTypebox<PerformanceRouteOptions> = async (app, { db, minOrders }) => {
  app.get(
    '',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Every supplier side by side for a period, sorted (staff)',
        security: bearer,
        querystring: Type.Object(
          {
            period: PeriodQuery,
            sort: SortQuery,
            order: Type.Union([Type.Literal('desc'), Type.Literal('asc')], { default: 'desc' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(PerformanceFigures) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { period, sort, order } = request.query;
      return { items: await listPerformance(db, parsePeriod(period), sort, order === 'desc') };
    },
  );

  app.get(
    '/weekly',
    {
      ...staff,
      schema: {
        tags,
        summary: 'On-time ship rate and handling time per week, per supplier, for charts (staff)',
        security: bearer,
        querystring: WeeklyQuery,
        response: { 200: WeeklySeries, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { supplierId } = request.query;
      if (supplierId !== undefined) await existingSupplier(db, supplierId);
      return weeklyPerformance(db, request.query);
    },
  );

  app.post(
    '/recompute',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Recompute supplier performance now, for every supplier or one (staff)',
        security: bearer,
        querystring: Type.Object(
          {
            supplierId: Type.Optional(Type.Integer({ minimum: 1, description: 'only this supplier' })),
            full: Type.Optional(
              Type.Boolean({
                description:
                  'every month of the last 12 again; by default months older than the rolling windows are read only when one of their orders changed',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: RecomputeResult, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { supplierId, full } = request.query;
      return inTransaction(
        db,
        async (trx) => {
          if (supplierId !== undefined) await existingSupplier(trx, supplierId);
          return recomputePerformance(trx, { minOrders, supplierId, full });
        },
        { log: request.log },
      );
    },
  );
};

async function existingSupplier(db: Kysely<DB>, id: number): Promise<void> {
  const found = await db.selectFrom('suppliers').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw new NotFoundError(`Supplier ${id} does not exist`);
}

export const supplierPerformanceRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, { db }) => {
  app.get(
    '/:id/performance',
    {
      ...staff,
      schema: {
        tags,
        summary: "A supplier's figures and rating for a period, with the supplier orders behind them (staff)",
        security: bearer,
        params: IdParam,
        querystring: Type.Object(
          {
            period: PeriodQuery,
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            performance: PerformanceFigures,
            orders: Type.Object({ items: Type.Array(OrderFacts), total: Type.Integer() }),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { period, limit, offset } = request.query;
      const performance = await supplierPerformance(db, id, parsePeriod(period));
      if (!performance) {
        throw new NotFoundError(
          `No ${period} performance of supplier ${id} (an unknown supplier, or not computed yet: jne performance recompute)`,
        );
      }
      return { performance, orders: await ordersBehind(db, id, performance, { limit, offset }) };
    },
  );
};
