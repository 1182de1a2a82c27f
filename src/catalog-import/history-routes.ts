/** Catalog imports of every supplier, newest first, and one import with its rejected rows (staff). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import { getImport, listImports } from './imports-repository.js';
import { ImportDetailSchema, ImportListQuery, ImportListSchema } from './schemas.js';

export const catalogImportHistoryRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, { db }) => {
  const read = { preValidation: requireRole('admin', 'staff') };
  const tags = ['catalog import'];

  app.get(
    '',
    {
      ...read,
      schema: {
        tags,
        summary: 'Catalog imports of every supplier (or one), newest first (staff)',
        security: bearer,
        querystring: ImportListQuery,
        response: { 200: ImportListSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { supplierId, status, limit, offset } = request.query;
      return listImports(db, { supplierId, status }, { limit, offset });
    },
  );

  app.get(
    '/:id',
    {
      ...read,
      schema: {
        tags,
        summary: 'One catalog import with its rejected rows (staff)',
        security: bearer,
        params: IdParam,
        response: { 200: ImportDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const found = await getImport(db, request.params.id);
      if (!found) throw new NotFoundError(`there is no catalog import with id ${request.params.id}`);
      return found;
    },
  );
};
