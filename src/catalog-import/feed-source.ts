/**
 * Where a feed comes from: a file, or a URL downloaded first to a temporary file (feed-fetch.ts:
 * limits, timeouts, public hosts only; removed once read). Read as a stream either way: the feed
 * is never held whole in memory. The format follows, in this order: what the caller says, the
 * response's content type, the file extension; else the supplier's configured format.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FeedError } from './errors.js';
import { fetchFeed, type FeedFetchSettings } from './feed-fetch.js';
import type { FeedInput } from './types.js';
import type { FeedFormat } from './types.js';

export async function openFeed(
  location: string,
  format: FeedFormat | undefined,
  fetchSettings: FeedFetchSettings,
): Promise<FeedInput> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return openUrl(location, format, fetchSettings);
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

async function openUrl(url: string, format: FeedFormat | undefined, settings: FeedFetchSettings): Promise<FeedInput> {
  const fetched = await fetchFeed(url, settings);
  const stream = fs.createReadStream(fetched.file, { highWaterMark: 256 * 1024 });
  stream.once('close', fetched.discard);
  return {
    stream,
    source: url,
    format: format ?? formatOfContentType(fetched.contentType) ?? formatOfName(new URL(url).pathname),
    totalBytes: fetched.bytes,
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
