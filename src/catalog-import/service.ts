/**
 * Applying a supplier's feed, in the caller's transaction and on its connection (the COPY runs
 * on it): staging table, COPY of the feed and its rows checked, the guard, the upsert, unavailable
 * marking, linking, draft products, repricing and the import's report row. The guard refuses
 * by throwing FeedRefusedError with the report, so the caller's transaction rolls back.
 */
import type { Kysely } from 'kysely';
import { repriceProducts } from '../catalog/prices.js';
import type { Session } from '../db/session.js';
import type { DB } from '../db/types.js';
import { recordCatalogSync } from '../suppliers/repository.js';
import { draftUnlinkedItems } from './drafts.js';
import { FeedRefusedError } from './errors.js';
import { refusal } from './guard.js';
import { parseFeed } from './feed-parse.js';
import { CsvScan, readCsvHead, type CsvShape } from './csv-scan.js';
import { copyRawCsv, createRawStaging, takePlainRows } from './csv-sql.js';
import { finishImport, type ImportSupplier } from './imports-repository.js';
import {
  feedFigures,
  linkItems,
  lockSupplier,
  markMissingUnavailable,
  rejectDuplicateSkus,
  rejectUnknownProductSkus,
  touchStaleRows,
  upsertFromStaging,
} from './repository.js';
import { copyIntoStaging, createStaging } from './staging.js';
import type { FeedFormat, ImportReport, ImportRequest, Progress, Rejection } from './types.js';
import { checkHeader, resolveMapping, validRows, type FeedMapping } from './validate.js';

export interface FeedApplication {
  supplier: ImportSupplier;
  format: FeedFormat;
  request: ImportRequest;
  /** Filled in as the feed is applied. */
  report: ImportReport;
}

export async function applyFeed(trx: Kysely<DB>, session: Session, feed: FeedApplication): Promise<void> {
  await load(trx, session, feed.supplier, feed.format, feed.request, feed.report);
  await apply(trx, feed.supplier, feed.request, feed.report);
}

/**
 * Staging table, the feed read into it, rows read and rejected. A CSV feed whose header PostgreSQL
 * can read is COPYed as it is and checked in SQL (csv-sql.ts), what it cannot read is parsed and
 * checked here (feed-parse.ts, validate.ts), as is a JSON feed.
 */
async function load(
  trx: Kysely<DB>,
  session: Session,
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
      yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    }
  })();
  const rejections: Rejection[] = report.rejections;
  const head = format === 'csv' ? await readCsvHead(bytes, mapping.delimiter) : undefined;
  if (head?.scan) {
    checkHeader(head.scan.header, mapping);
    progress.rows = await loadCsvInSql(trx, session, {
      ...head.scan,
      mapping,
      supplier,
      request,
      progress,
      rejections,
    });
  } else {
    const records = parseFeed(head?.whole ?? bytes, {
      format,
      delimiter: mapping.delimiter,
      onHeader: (columns) => checkHeader(columns, mapping),
    });
    const rows = validRows(records, mapping, supplier.currency, {
      reject: (r) => rejections.push(r),
      read: () => {
        if (++progress.rows % 5000 === 0) request.onProgress?.(progress);
      },
    });
    // The header and the first rows are read before COPY starts: a feed that cannot be read at all
    // fails before the database is involved.
    await copyIntoStaging(session, await readAhead(rows));
  }
  report.rowsRead = progress.rows;
  request.onProgress?.({ ...progress, bytes: progress.totalBytes ?? progress.bytes });
  rejections.push(...(await rejectDuplicateSkus(trx)));
  rejections.push(...(await rejectUnknownProductSkus(trx)));
  rejections.sort((a, b) => a.line - b.line);
  report.rejected = rejections.length;
}

interface CsvLoad {
  header: string[];
  shape: CsvShape;
  rest: AsyncIterator<Buffer>;
  mapping: FeedMapping;
  supplier: ImportSupplier;
  request: ImportRequest;
  progress: Progress;
  rejections: Rejection[];
}

/**
 * The CSV's regular records COPYed raw and checked in SQL; the rows the SQL rules leave to
 * validate.ts, and everything from the first record PostgreSQL would read differently on, are
 * checked here and COPYed normalized. Returns the rows read.
 */
async function loadCsvInSql(trx: Kysely<DB>, session: Session, csv: CsvLoad): Promise<number> {
  const { header, shape, mapping, progress, request, rejections } = csv;
  const scan = new CsvScan(csv.rest, shape, (records) => {
    progress.rows = records;
    request.onProgress?.(progress);
  });
  await createRawStaging(trx, shape.width);
  await copyRawCsv(session, shape, scan.copyData());
  rejections.push(...scan.rejections);
  const forJavaScript = await takePlainRows(trx, header, mapping, csv.supplier.currency);
  const remainder = scan.remainder;
  if (forJavaScript.length === 0 && !remainder) return scan.records;
  let readHere = 0;
  const records = (async function* () {
    if (forJavaScript.length > 0) yield forJavaScript;
    if (!remainder) return;
    yield* parseFeed(remainder.bytes, {
      format: 'csv',
      delimiter: shape.delimiter,
      resume: { header, line: remainder.line, crlf: shape.crlf },
    });
  })();
  const rows = validRows(records, mapping, csv.supplier.currency, {
    reject: (r) => rejections.push(r),
    read: () => {
      if (++readHere % 5000 === 0) request.onProgress?.({ ...progress, rows: scan.records + readHere });
    },
  });
  await copyIntoStaging(session, rows);
  // the rows read back from the raw table were counted by the scan already
  return scan.records + readHere - forJavaScript.length;
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
    const drafts = await draftUnlinkedItems(trx, supplier);
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

export function emptyReport(importId: number, supplier: ImportSupplier, request: ImportRequest): ImportReport {
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

/** The source with its first item already read (its errors thrown now), then the rest as it comes. */
async function readAhead<T>(source: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const items = source[Symbol.asyncIterator]();
  const first = await items.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (let next = await items.next(); !next.done; next = await items.next()) yield next.value;
  })();
}
