/** Catalog routes: public product list, product and category tree; admin writes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../db/types.js';
import { isStaff, requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import {
  CategoryNode,
  CategorySchema,
  CreateCategoryBody,
  CreateProductBody,
  IdOrSlugParam,
  ProductListQuery,
  ProductPageSchema,
  ProductSchema,
  RemovalSchema,
  UpdateCategoryBody,
  UpdateProductBody,
} from './schemas.js';
import * as catalog from './service.js';
import { inTransaction } from '../db/transaction.js';
import { catalogStateReader, etagOf, matchesEtag } from './catalog-state.js';

/** A 304 has headers only: sent without a payload, it gets no body and no Content-Length. */
function notModified(reply: FastifyReply, headers: Record<string, string>): FastifyReply {
  return reply.code(304).headers(headers).send();
}

/** Everything under /api/products. */
export const productRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, deps) => {
  const { db } = deps;
  const admin = { preValidation: requireRole('admin') };
  const tags = ['catalog'];
  const catalogState = catalogStateReader(db);

  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'List products: filters, sort, offset or keyset paging (staff with a token also see non-active ones)',
        description:
          'The public list carries an ETag, the state of the catalog it was read in; sent back in If-None-Match it ' +
          'gives a 304 until a product, price, stock row, supplier offer or category changes or an offer goes stale.',
        querystring: ProductListQuery,
        response: {
          200: ProductPageSchema,
          304: Type.Null({ description: 'Not modified: the list of this URL is still the one of the ETag sent' }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const staff = isStaff(request);
      // The public list is the same for everyone: its ETag is the catalog state. A client whose
      // ETag is still the current state gets a 304 without the list being read or serialized.
      // Staff lists (drafts, cost prices) are never cached.
      if (!staff && request.headers['if-none-match'] !== undefined) {
        const state = await catalogState();
        const etag = state === null ? undefined : etagOf(state);
        if (etag !== undefined && matchesEtag(request.headers['if-none-match'], etag)) {
          return notModified(reply, { etag, 'cache-control': 'no-cache', vary: 'authorization' });
        }
      }
      const { catalogState: state, ...page } = await catalog.listProducts(db, { staff }, request.query);
      if (staff) void reply.header('cache-control', 'private, no-store');
      else if (state !== null) void reply.headers({ etag: etagOf(state), 'cache-control': 'no-cache' });
      return reply.header('vary', 'authorization').send(page);
    },
  );

  app.get(
    '/:idOrSlug',
    {
      schema: {
        tags,
        summary: 'One product by id, slug or SKU',
        params: IdOrSlugParam,
        response: { 200: ProductSchema, ...errors(401, 404) },
      },
    },
    async (request) => catalog.getProduct(db, { staff: isStaff(request) }, request.params.idOrSlug),
  );

  app.post(
    '',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Create a product (admin); needs at least sku, name and price',
        security: bearer,
        body: CreateProductBody,
        response: { 201: ProductSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inTransaction(db, (trx) => catalog.createProduct(trx, request.body), { log: request.log })),
  );

  app.patch(
    '/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Change a product (admin)',
        security: bearer,
        params: IdParam,
        body: UpdateProductBody,
        response: { 200: ProductSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => catalog.updateProduct(trx, request.params.id, request.body), { log: request.log }),
  );

  app.delete(
    '/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Delete a product, or archive it when orders or stock refer to it (admin)',
        security: bearer,
        params: IdParam,
        response: { 200: RemovalSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => inTransaction(db, (trx) => catalog.removeProduct(trx, request.params.id), { log: request.log }),
  );
};

/** Everything under /api/categories. */
export const categoryRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, deps) => {
  const { db } = deps;
  const admin = { preValidation: requireRole('admin') };
  const tags = ['catalog'];

  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'The category tree with active product counts (staff also see inactive categories)',
        response: { 200: Type.Object({ items: Type.Array(CategoryNode) }), ...errors(401) },
      },
    },
    async (request) => ({ items: await catalog.categoryTree(db, { staff: isStaff(request) }) }),
  );

  app.post(
    '',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Create a category (admin)',
        security: bearer,
        body: CreateCategoryBody,
        response: { 201: CategorySchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inTransaction(db, (trx) => catalog.createCategory(trx, request.body), { log: request.log })),
  );

  app.patch(
    '/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Change or move a category (admin)',
        security: bearer,
        params: IdParam,
        body: UpdateCategoryBody,
        response: { 200: CategorySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => catalog.updateCategory(trx, request.params.id, request.body), { log: request.log }),
  );

  app.delete(
    '/:id',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Delete an empty category, or deactivate one that is still used (admin)',
        security: bearer,
        params: IdParam,
        response: { 200: RemovalSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => inTransaction(db, (trx) => catalog.removeCategory(trx, request.params.id), { log: request.log }),
  );
};
