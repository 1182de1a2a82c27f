/**
 * The operator's work on a supplier's catalog, under /api/suppliers: link an item to a product by
 * hand, create draft products from the unlinked ones, and try a column mapping on a sample feed.
 * JSON bodies, so not in routes.ts (whose parsers hand the raw feed to the import).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import { findSupplier } from './imports-repository.js';
import { createDrafts, linkSupplierItem } from './links.js';
import { previewFeed } from './preview.js';
import { DraftsSchema, FeedPreviewBody, FeedPreviewSchema, LinkItemBody, LinkedSchema } from './schemas.js';

export const catalogItemRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, { db }) => {
  const read = { preValidation: requireRole('admin', 'staff') };
  const write = { preValidation: requireRole('admin') };
  const tags = ['catalog import'];

  app.post(
    '/:id/catalog/links',
    {
      ...write,
      schema: {
        tags,
        summary: "Link one of the supplier's catalog items to a product by hand, and reprice both (admin)",
        security: bearer,
        params: IdParam,
        body: LinkItemBody,
        response: { 200: LinkedSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      inTransaction(
        db,
        (trx) => linkSupplierItem(trx, { id: request.params.id }, request.body.supplierSku, request.body.productSku),
        { log: request.log },
      ),
  );

  app.post(
    '/:id/catalog/drafts',
    {
      ...write,
      schema: {
        tags,
        summary: 'Create draft products from the available unlinked items of the supplier (admin)',
        security: bearer,
        params: IdParam,
        response: { 200: DraftsSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => inTransaction(db, (trx) => createDrafts(trx, { id: request.params.id }), { log: request.log }),
  );

  app.post(
    '/:id/catalog-preview',
    {
      ...read,
      schema: {
        tags,
        summary:
          'Try a column mapping on a sample feed: its first rows as the import would read them; writes nothing (staff)',
        security: bearer,
        params: IdParam,
        body: FeedPreviewBody,
        response: { 200: FeedPreviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const supplier = await findSupplier(db, { id: request.params.id });
      if (!supplier) throw new NotFoundError(`there is no supplier with id ${request.params.id}`);
      const { sample, format, mapping, rows } = request.body;
      return previewFeed({
        sample,
        format: format ?? supplier.feedFormat,
        mapping: mapping ?? supplier.mapping,
        currency: supplier.currency,
        rows,
      });
    },
  );
};
