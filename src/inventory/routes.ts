/**
 * Inventory routes: staff read stock and sources and change stock; admins manage sources.
 * Every stock change records the caller (user e-mail or API token name) as its actor.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../db/types.js';
import { actorOf, requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import {
  AdjustStockBody,
  AdjustmentListQuery,
  AdjustmentSchema,
  CreateSourceBody,
  SetStockBody,
  SourceListQuery,
  SourceSchema,
  StockChangeSchema,
  StockListQuery,
  StockListSchema,
  UpdateSourceBody,
} from './schemas.js';
import { SOURCE_DEFAULTS, createSource, listSources, updateSource } from './sources-service.js';
import { adjustStock, getAdjustments, listStock, setStock } from './stock-service.js';
import { inTransaction } from '../db/transaction.js';

/** Everything under /api/inventory. */
export const inventoryRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, deps) => {
  const { db } = deps;
  const staff = { preValidation: requireRole('admin', 'staff') };
  const admin = { preValidation: requireRole('admin') };
  const tags = ['inventory'];

  app.get(
    '/sources',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Inventory sources: own warehouses, 3PLs, suppliers (staff)',
        security: bearer,
        querystring: SourceListQuery,
        response: { 200: Type.Object({ items: Type.Array(SourceSchema) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ items: await listSources(db, request.query) }),
  );

  app.post(
    '/sources',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Create an inventory source (admin); supplierId is required exactly for type supplier',
        security: bearer,
        body: CreateSourceBody,
        response: { 201: SourceSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await inTransaction(db, (trx) => createSource(trx, { ...SOURCE_DEFAULTS, ...request.body }), {
          log: request.log,
        }),
      ),
  );

  app.patch(
    '/sources/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Change an inventory source (admin); {"isActive": false} deactivates it (never deleted)',
        security: bearer,
        params: IdParam,
        body: UpdateSourceBody,
        response: { 200: SourceSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => updateSource(trx, request.params.id, request.body), { log: request.log }),
  );

  app.get(
    '',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Own stock per source and product: on hand, reserved, available, low stock (staff)',
        security: bearer,
        querystring: StockListQuery,
        response: { 200: StockListSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => listStock(db, request.query),
  );

  app.put(
    '/stock',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Set the quantity on hand of a SKU at a source (a stock count), audited (staff)',
        description:
          'Without sourceCode the only active warehouse is meant. Refused with 409 below the units reserved ' +
          'for open orders.',
        security: bearer,
        body: SetStockBody,
        response: { 200: StockChangeSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const { stock, adjustment } = await inTransaction(
        db,
        (trx) => setStock(trx, request.body, { actor: actorOf(request) }),
        { log: request.log },
      );
      return { stock, adjustment };
    },
  );

  app.post(
    '/adjustments',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Add or remove units of a SKU at a source with a reason, audited (staff)',
        description: 'Refused with 409 when fewer units than are reserved for open orders would remain.',
        security: bearer,
        body: AdjustStockBody,
        response: { 201: StockChangeSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { stock, adjustment } = await inTransaction(
        db,
        (trx) => adjustStock(trx, request.body, { actor: actorOf(request) }),
        { log: request.log },
      );
      return reply.code(201).send({ stock, adjustment });
    },
  );

  app.get(
    '/:id/adjustments',
    {
      ...staff,
      schema: {
        tags,
        summary: 'The audit trail of one stock row, newest first (staff)',
        security: bearer,
        params: IdParam,
        querystring: AdjustmentListQuery,
        response: { 200: Type.Object({ items: Type.Array(AdjustmentSchema) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: await getAdjustments(db, request.params.id, request.query.limit, request.query.offset),
    }),
  );
};
