/**
 * The catalog import as a job: the boundary where its work is given a connection and its
 * transaction, as a route or a CLI command does for shorter work (the route and `jne catalog
 * import` both run it). On one connection: the import's report row is written as 'running'
 * before the transaction, the feed is applied in ONE transaction (service.ts), and a failure
 * leaves nothing half-written and records 'failed' and why in the report row afterwards, or
 * 'refused'. Not retried on a serialization failure: the feed stream cannot be read twice.
 */
import { Readable } from 'node:stream';
import type { Database } from '../db/database.js';
import { sessionKysely } from '../db/session-kysely.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { FeedRefusedError } from './errors.js';
import { finishImport, findSupplier, insertImport, releaseRunningImport } from './imports-repository.js';
import { applyFeed, describeRef, emptyReport } from './service.js';
import type { ImportReport, ImportRequest } from './types.js';

/** Runs the import; a refusal is a report with status 'refused', a failure throws after recording it. */
export async function importCatalog(database: Database, request: ImportRequest): Promise<ImportReport> {
  // The embedded database is one session for the whole app: receive a slow upload or download
  // before taking it, not while every other request waits (its COPY reads one Blob anyway).
  if (database.backend === 'embedded') {
    const chunks: Buffer[] = [];
    for await (const chunk of request.feed.stream) chunks.push(Buffer.from(chunk));
    // Still in chunks: the progress follows the parse through them.
    request = { ...request, feed: { ...request.feed, stream: Readable.from(chunks) } };
  }
  return database.withSession(async (session) => {
    const db = sessionKysely(session);
    const supplier = await findSupplier(db, request.supplier);
    if (!supplier) throw new NotFoundError(`there is no supplier ${describeRef(request.supplier)}`);
    if (supplier.status === 'archived') {
      throw new InvalidInputError(`supplier ${supplier.code} is archived: its catalog is not imported any more`);
    }
    const format = request.feed.format ?? supplier.feedFormat;
    const importId = await insertImport(db, {
      supplierId: supplier.id,
      source: request.feed.source,
      format,
      mode: request.mode,
      forced: request.force,
    });
    const report = emptyReport(importId, supplier, request);
    try {
      await db.transaction().execute((trx) => applyFeed(trx, session, { supplier, format, request, report }));
      return report;
    } catch (error) {
      if (error instanceof FeedRefusedError) {
        await finishImport(db, error.report);
        return error.report;
      }
      // A short transaction of its own: the import's transaction is gone.
      report.status = 'failed';
      report.message = error instanceof Error ? error.message : String(error);
      await finishImport(db, report).catch(() => {});
      throw error;
    } finally {
      await releaseRunningImport(db, importId).catch(() => {});
    }
  }, 'jne catalog import');
}
