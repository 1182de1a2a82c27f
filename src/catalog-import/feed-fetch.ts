/**
 * Fetching a supplier's feed from a URL, as an operator's command does it unattended: http(s)
 * only; every connection, redirects included, refused when the host resolves to a loopback,
 * private, link-local or otherwise non-public address (unless allowed by config); a connect
 * timeout, a total deadline and a size limit while streaming; at most 5 redirects. The body is
 * written to a temporary file first, so the import's transaction opens only once the whole feed
 * is here and a slow server never holds the supplier's lock.
 */
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { FeedError } from './errors.js';

export interface FeedFetchSettings {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBytes: number;
  /** Allow feeds on loopback and private networks (a supplier inside the shop's own network). */
  allowPrivateHosts: boolean;
}

export interface FetchedFeed {
  file: string;
  bytes: number;
  contentType: string | undefined;
  /** Removes the temporary file. */
  discard(): void;
}

const MAX_REDIRECTS = 5;

/** Addresses that are not on the public internet. */
const NOT_PUBLIC = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NOT_PUBLIC.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(address, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : undefined;
  return family !== undefined && !NOT_PUBLIC.check(address, family);
}

export async function fetchFeed(url: string, settings: FeedFetchSettings): Promise<FetchedFeed> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jne-feed-')), 'feed');
  const discard = () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
  const deadline = AbortSignal.timeout(settings.totalTimeoutMs);
  try {
    let target = new URL(url);
    for (let hop = 0; ; hop++) {
      const response = await request(target, settings, deadline);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (hop === MAX_REDIRECTS) throw new FeedError(`fetching ${url}: more than ${MAX_REDIRECTS} redirects`);
        target = new URL(response.headers.location, target);
        continue;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw new FeedError(`fetching ${url} gave HTTP ${status} ${response.statusMessage ?? ''}`.trim());
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > settings.maxBytes) {
        response.destroy();
        throw new FeedError(`the feed at ${url} is ${declared} bytes, over the limit of ${settings.maxBytes}`);
      }
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (bytes > settings.maxBytes) {
            done(new FeedError(`the feed at ${url} is over the limit of ${settings.maxBytes} bytes`));
          } else done(null, chunk);
        },
      });
      await pipeline(response, limit, fs.createWriteStream(file, { mode: 0o600 }), { signal: deadline });
      return { file, bytes, contentType: response.headers['content-type'], discard };
    }
  } catch (error) {
    discard();
    if (error instanceof FeedError) throw error;
    if (deadline.aborted) {
      throw new FeedError(`fetching ${url} took longer than ${settings.totalTimeoutMs} ms (CATALOG_FEED_TIMEOUT_MS)`);
    }
    throw new FeedError(`cannot fetch ${url}: ${(error as Error).message}`);
  }
}

function request(target: URL, settings: FeedFetchSettings, deadline: AbortSignal): Promise<http.IncomingMessage> {
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return Promise.reject(new FeedError(`${target.href}: only http and https feeds are fetched`));
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!settings.allowPrivateHosts && net.isIP(host) && !isPublicAddress(host)) {
    return Promise.reject(notPublic(target, host));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(target, {
      headers: { accept: 'text/csv, application/json, application/x-ndjson, */*' },
      signal: deadline,
      timeout: settings.connectTimeoutMs,
      // Every address a host name resolves to is checked before connecting: no rebinding to a
      // private address between the check and the connection.
      lookup: (hostname, options, callback) =>
        dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
          if (error) return callback(error, '', 0);
          const refused = settings.allowPrivateHosts ? undefined : addresses.find((a) => !isPublicAddress(a.address));
          if (refused) return callback(notPublic(target, refused.address), '', 0);
          if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
          return callback(null, addresses[0]!.address, addresses[0]!.family);
        }),
    });
    req.once('response', resolve);
    req.once('timeout', () => req.destroy(new Error(`no connection within ${settings.connectTimeoutMs} ms`)));
    req.once('error', reject);
  });
}

function notPublic(target: URL, address: string): FeedError {
  return new FeedError(
    `${target.host} is at ${address}, not a public address: feeds are not fetched from loopback or private ` +
      'networks unless CATALOG_FEED_ALLOW_PRIVATE_HOSTS=true',
  );
}
