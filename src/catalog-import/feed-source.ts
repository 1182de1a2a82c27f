/**
 * Where a feed comes from: a file, or a URL fetched with node's fetch and read as a stream (the
 * body is never held whole in memory). The format follows, in this order: what the caller says,
 * the response's content type, the file extension; else the supplier's configured format.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { FeedError } from './errors.js';
import type { FeedInput } from './types.js';
import type { FeedFormat } from './types.js';

export async function openFeed(location: string, format: FeedFormat | undefined): Promise<FeedInput> {
  if (/^https?:\/\//i.test(location)) return openUrl(location, format);
  let size: number;
  try {
    const stat = fs.statSync(location);
    if (!stat.isFile()) throw new FeedError(`${location} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof FeedError) throw error;
    throw new FeedError(`cannot read ${location}: ${(error as Error).message}`);
  }
  return {
    stream: fs.createReadStream(location, { highWaterMark: 256 * 1024 }),
    source: path.resolve(location),
    format: format ?? formatOfName(location),
    totalBytes: size,
  };
}

async function openUrl(url: string, format: FeedFormat | undefined): Promise<FeedInput> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'text/csv, application/json, application/x-ndjson, */*' } });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    throw new FeedError(`cannot fetch ${url}: ${cause?.message ?? (error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new FeedError(`fetching ${url} gave HTTP ${response.status} ${response.statusText}`);
  }
  const length = Number(response.headers.get('content-length'));
  return {
    stream: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    source: url,
    format: format ?? formatOfContentType(response.headers.get('content-type')) ?? formatOfName(new URL(url).pathname),
    totalBytes: Number.isFinite(length) && length > 0 ? length : undefined,
  };
}

export function formatOfContentType(contentType: string | null | undefined): FeedFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return undefined;
  if (type.includes('json')) return 'json';
  if (type === 'text/csv' || type === 'text/tab-separated-values' || type === 'application/csv') return 'csv';
  return undefined;
}

export function formatOfName(name: string): FeedFormat | undefined {
  const ext = path.extname(name).toLowerCase();
  if (['.csv', '.tsv', '.txt'].includes(ext)) return 'csv';
  if (['.json', '.ndjson', '.jsonl'].includes(ext)) return 'json';
  return undefined;
}
