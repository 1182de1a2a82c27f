/**
 * The catalog import, end to end, on one connection and in ONE transaction: staging table, COPY
 * of the validated rows, the guard, the upsert, unavailable marking, linking, draft products,
 * repricing and the import's report row. A failure leaves nothing half-written; the report row
 * (inserted as 'running' before the transaction) then says 'failed' and why, or 'refused'.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { sessionKysely } from '../db/session-kysely.js';
import type { DB } from '../db/types.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { repriceProducts } from '../pricing/reprice.js';
import { recordCatalogSync } from '../suppliers/repository.js';
import { FeedRefusedError } from './errors.js';
import { refusal } from './guard.js';
import { parseFeed, type FeedBytes } from './feed-parse.js';
import { finishImport, findSupplier, insertImport, type ImportSupplier } from './imports-repository.js';
import {
  createDraftProducts,
  feedFigures,
  linkItems,
  lockSupplier,
  markMissingUnavailable,
  rejectUnknownProductSkus,
  touchStaleRows,
  upsertFromStaging,
} from './repository.js';
import { copyIntoStaging, createStaging } from './staging.js';
import type { FeedFormat, GuardSettings, ImportMode, ImportReport, Progress, Rejection } from './types.js';
import { checkHeader, resolveMapping, validRows } from './validate.js';

export interface FeedInput {
  /** The feed's bytes as they arrive (a file or response stream, a request body). */
  stream: FeedBytes;
  /** Where it came from: file name or URL. */
  source: string;
  /** undefined: the supplier's catalog_feed_format. */
  format: FeedFormat | undefined;
  totalBytes?: number | undefined;
}

export interface ImportRequest {
  supplier: { code: string } | { id: number };
  feed: FeedInput;
  mode: ImportMode;
  force: boolean;
  createDrafts: boolean;
  guard: GuardSettings;
  onProgress?: (progress: Progress) => void;
}

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
      await db.transaction().execute(async (trx) => {
        await load(trx, session, supplier, format, request, report);
        await apply(trx, supplier, request, report);
      });
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
    }
  }, 'jne catalog import');
}

/** Staging table, streamed parse, validation and COPY; counts rows read and rejected. */
async function load(
  trx: Kysely<DB>,
  session: Parameters<typeof copyIntoStaging>[0],
  supplier: ImportSupplier,
  format: FeedFormat,
  request: ImportRequest,
  report: ImportReport,
): Promise<void> {
  const mapping = resolveMapping(supplier.mapping);
  await lockSupplier(trx, supplier.id);
  await createStaging(trx);
  const progress: Progress = { rows: 0, bytes: 0, totalBytes: request.feed.totalBytes };
  const source = request.feed.stream;
  const bytes = (async function* () {
    for await (const chunk of source) {
      progress.bytes += chunk.length;
      yield chunk;
    }
  })();
  const records = parseFeed(bytes, {
    format,
    delimiter: mapping.delimiter,
    onHeader: (columns) => checkHeader(columns, mapping),
  });
  const rejections: Rejection[] = report.rejections;
  const rows = validRows(records, mapping, supplier.currency, {
    reject: (r) => rejections.push(r),
    read: () => {
      if (++progress.rows % 5000 === 0) request.onProgress?.(progress);
    },
  });
  await copyIntoStaging(session, rows);
  request.onProgress?.({ ...progress, bytes: progress.totalBytes ?? progress.bytes });
  rejections.push(...(await rejectUnknownProductSkus(trx)));
  rejections.sort((a, b) => a.line - b.line);
  report.rowsRead = progress.rows;
  report.rejected = rejections.length;
}

/** Guard, upsert, unavailable marking, links, drafts, reprice, report row, supplier sync time. */
async function apply(trx: Kysely<DB>, supplier: ImportSupplier, request: ImportRequest, report: ImportReport) {
  const figures = await feedFigures(trx, supplier.id, request.guard.costFactor, supplier.stockBuffer);
  report.underStockBuffer = figures.underBuffer;
  const reason = request.force ? undefined : refusal(figures, request.mode, request.guard);
  if (reason) {
    report.status = 'refused';
    report.message = reason;
    throw new FeedRefusedError(report);
  }
  const upsert = await upsertFromStaging(trx, supplier.id);
  report.inserted = upsert.inserted;
  report.updated = upsert.updated;
  report.unchanged = report.rowsRead - report.rejected - upsert.inserted - upsert.updated;
  const affected = new Set(upsert.productIds);
  await touchStaleRows(trx, supplier.id, supplier.maxAgeHours);
  if (request.mode === 'full' && figures.missing > 0) {
    const gone = await markMissingUnavailable(trx, supplier.id);
    report.markedUnavailable = gone.count;
    gone.productIds.forEach((id) => affected.add(id));
  }
  const linked = await linkItems(trx, supplier.id);
  report.linked = linked.length;
  linked.forEach((id) => affected.add(id));
  if (request.createDrafts) {
    const drafts = await createDraftProducts(trx, supplier.id, supplier.code);
    report.draftsCreated = drafts.length;
    drafts.forEach((id) => affected.add(id));
  }
  report.repriced = (
    await repriceProducts(trx, {
      reason: `catalog import ${report.importId} of ${supplier.code}`,
      productIds: [...affected],
    })
  ).repriced;
  report.status = 'completed';
  await finishImport(trx, report);
  await recordCatalogSync(trx, supplier.id);
}

function emptyReport(importId: number, supplier: ImportSupplier, request: ImportRequest): ImportReport {
  return {
    importId,
    supplierId: supplier.id,
    supplierCode: supplier.code,
    status: 'running',
    mode: request.mode,
    forced: request.force,
    rowsRead: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
    markedUnavailable: 0,
    underStockBuffer: 0,
    stockBuffer: supplier.stockBuffer,
    linked: 0,
    draftsCreated: 0,
    repriced: 0,
    message: null,
  };
}

export function describeRef(ref: { code: string } | { id: number }): string {
  return 'code' in ref ? `with code ${ref.code.toUpperCase()}` : `with id ${ref.id}`;
}
