/**
 * Catalog import routes: admins upload a feed, staff read the history and the catalog. A Fastify
 * plugin of its own (registered with `register(import(...))`) because the upload takes the raw
 * body: its content type parsers hand the request stream to the import, which reads it as it
 * arrives; a feed is never held whole in memory, and the size limit is counted here.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogImportSettings, Config } from '../config.js';
import type { Database } from '../db/database.js';
import { requireRole } from '../http/auth.js';
import { NotFoundError } from '../errors.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import { FeedRefusedError } from './errors.js';
import { formatOfContentType } from './feed-source.js';
import type { FeedBytes } from './feed-parse.js';
import { findSupplier, listImports, listItems } from './imports-repository.js';
import { importCatalog } from './job.js';
import {
  CatalogPageSchema,
  CatalogQuery,
  ImportHistoryQuery,
  ImportHistorySchema,
  ImportReportSchema,
  UploadQuery,
} from './schemas.js';

export interface CatalogImportRouteOptions {
  database: Database;
  /** The app's config: the full Config at run time; tests may leave catalogImport out (defaults). */
  config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'catalogImport'>>;
}

/** What the upload route uses of the settings (it fetches no URL). */
type UploadSettings = Pick<
  CatalogImportSettings,
  'guardUnavailableShare' | 'guardCostFactor' | 'guardCostShare' | 'uploadLimitBytes'
>;

const DEFAULTS: UploadSettings = {
  guardUnavailableShare: 0.5,
  guardCostFactor: 2,
  guardCostShare: 0.5,
  uploadLimitBytes: 52_428_800,
};

const FEED_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/json', 'application/x-ndjson'];

const catalogImportRoutes: FastifyPluginAsyncTypebox<CatalogImportRouteOptions> = async (app, options) => {
  const { database } = options;
  const settings: UploadSettings = options.config.catalogImport ?? DEFAULTS;
  const db = database.db;
  const read = { preValidation: requireRole('admin', 'staff') };
  const write = { preValidation: requireRole('admin') };
  const tags = ['catalog import'];

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(FEED_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/:id/catalog-imports',
    {
      ...write,
      schema: {
        tags,
        summary: `Import a catalog feed (admin): the raw body as ${FEED_TYPES.join(', ')}`,
        description:
          'Streams the feed through the supplier column mapping into its catalog in one transaction. ' +
          '409 when the guard refuses the feed (the details hold the report); force=true imports it anyway.',
        security: bearer,
        params: IdParam,
        querystring: UploadQuery,
        response: { 201: ImportReportSchema, ...errors(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request, reply) => {
      const declared = Number(request.headers['content-length']);
      if (declared > settings.uploadLimitBytes) throw tooLarge(settings.uploadLimitBytes);
      const query = request.query;
      const report = await importCatalog(database, {
        supplier: { id: request.params.id },
        feed: {
          stream: limited(request.body as FeedBytes, settings.uploadLimitBytes),
          source: query.source ?? 'upload',
          format: query.format ?? formatOfContentType(request.headers['content-type']),
          totalBytes: Number.isFinite(declared) ? declared : undefined,
        },
        mode: query.mode ?? 'full',
        force: query.force ?? false,
        createDrafts: query.createDrafts ?? false,
        guard: {
          unavailableShare: settings.guardUnavailableShare,
          costFactor: settings.guardCostFactor,
          costShare: settings.guardCostShare,
        },
      }).catch((error: unknown) => {
        // The import stopped reading (too large, a broken feed): discard the rest of the body.
        request.raw.resume();
        throw error;
      });
      if (report.status === 'refused') throw new FeedRefusedError(report);
      return reply.code(201).send(report);
    },
  );

  app.get(
    '/:id/catalog-imports',
    {
      ...read,
      schema: {
        tags,
        summary: "A supplier's catalog imports, newest first (staff)",
        security: bearer,
        params: IdParam,
        querystring: ImportHistoryQuery,
        response: { 200: ImportHistorySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await existingSupplier(database, request.params.id);
      return { items: (await listImports(db, { supplierId: request.params.id }, request.query)).items };
    },
  );

  app.get(
    '/:id/catalog',
    {
      ...read,
      schema: {
        tags,
        summary: "A supplier's catalog items, filtered by linked/unlinked and availability (staff)",
        security: bearer,
        params: IdParam,
        querystring: CatalogQuery,
        response: { 200: CatalogPageSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await existingSupplier(database, request.params.id);
      return listItems(db, request.params.id, request.query);
    },
  );
};
export default catalogImportRoutes;

async function existingSupplier(database: Database, id: number): Promise<void> {
  if (!(await findSupplier(database.db, { id }))) throw new NotFoundError(`there is no supplier with id ${id}`);
}

/**
 * The body, cut off with a 413 once it grows past the limit (chunked uploads have no length).
 * Not a for-await loop: leaving one destroys the request stream, and the client would see a
 * reset connection instead of the 413 (the handler discards the rest of the body).
 */
async function* limited(body: FeedBytes, limit: number): AsyncGenerator<Buffer | string> {
  const chunks = body[Symbol.asyncIterator]();
  let total = 0;
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    total += next.value.length;
    if (total > limit) throw tooLarge(limit);
    yield next.value;
  }
}

function tooLarge(limit: number): Error {
  return Object.assign(new Error(`the feed is larger than the upload limit of ${limit} bytes`), { statusCode: 413 });
}
