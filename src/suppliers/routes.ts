/** Supplier routes: staff read, admins write. Credentials are accepted, never returned. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import {
  CreateSupplierBody,
  SupplierListQuery,
  SupplierListSchema,
  SupplierSchema,
  UpdateSupplierBody,
} from './schemas.js';
import * as suppliers from './service.js';
import { inTransaction } from '../db/transaction.js';

/** Everything under /api/suppliers. */
export const supplierRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB>; credentialsKey: Buffer }> = async (
  app,
  deps,
) => {
  const { db, credentialsKey } = deps;
  const read = { preValidation: requireRole('admin', 'staff') };
  const write = { preValidation: requireRole('admin') };
  const tags = ['suppliers'];

  app.get(
    '',
    {
      ...read,
      schema: {
        tags,
        summary: 'List suppliers (staff)',
        security: bearer,
        querystring: SupplierListQuery,
        response: { 200: SupplierListSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => suppliers.listSuppliers(db, request.query),
  );

  app.get(
    '/:id',
    {
      ...read,
      schema: {
        tags,
        summary: 'One supplier with its integration settings (staff)',
        security: bearer,
        params: IdParam,
        response: { 200: SupplierSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => suppliers.getSupplier(db, request.params.id),
  );

  app.post(
    '',
    {
      ...write,
      schema: {
        tags,
        summary: 'Create a supplier (admin)',
        security: bearer,
        body: CreateSupplierBody,
        response: { 201: SupplierSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await suppliers.createSupplier(db, credentialsKey, request.body)),
  );

  app.patch(
    '/:id',
    {
      ...write,
      schema: {
        tags,
        summary: 'Change a supplier (admin); the merged settings are validated as a whole',
        security: bearer,
        params: IdParam,
        body: UpdateSupplierBody,
        response: { 200: SupplierSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => suppliers.updateSupplier(trx, credentialsKey, request.params.id, request.body), {
        log: request.log,
      }),
  );

  app.post(
    '/:id/archive',
    {
      ...write,
      schema: {
        tags,
        summary: 'Archive a supplier (admin): it keeps its history and gets no new orders',
        security: bearer,
        params: IdParam,
        response: { 200: SupplierSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => suppliers.archiveSupplier(trx, credentialsKey, request.params.id), {
        log: request.log,
      }),
  );
};
