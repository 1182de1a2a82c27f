/**
 * Fetching a feed URL against a real HTTP server on loopback: public hosts only unless allowed,
 * redirects (bounded, each hop checked), the total deadline, the size limit, http(s) only, and
 * the temporary file removed. No database involved.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, isPublicAddress, type FeedFetchSettings } from '../../src/catalog-import/feed-fetch.js';

const settings: FeedFetchSettings = {
  connectTimeoutMs: 2_000,
  totalTimeoutMs: 2_000,
  maxBytes: 1_000,
  allowPrivateHosts: true,
};

describe('fetching a feed URL', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const hops = /^\/hop\/(\d+)$/.exec(req.url ?? '');
      if (hops) {
        const n = Number(hops[1]);
        return res.writeHead(302, { location: n === 0 ? '/feed' : `/hop/${n - 1}` }).end();
      }
      if (req.url === '/feed') return res.writeHead(200, { 'content-type': 'text/csv' }).end('sku;cost\nA;1\n');
      if (req.url === '/big') return res.writeHead(200).end('x'.repeat(5_000));
      if (req.url === '/slow') {
        res.writeHead(200);
        res.write('sku;cost\n');
        return; // never ends
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('tells public addresses from loopback, private, link-local and mapped ones', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '93.184.216.34'])
      expect(isPublicAddress(a), a).toBe(true);
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it('downloads a feed to a temporary file, following up to 5 redirects', async () => {
    const fetched = await fetchFeed(`${base}/hop/4`, settings);
    expect(fs.readFileSync(fetched.file, 'utf8')).toBe('sku;cost\nA;1\n');
    expect(fetched).toMatchObject({ bytes: 13, contentType: 'text/csv' });
    fetched.discard();
    expect(fs.existsSync(fetched.file)).toBe(false);
    await expect(fetchFeed(`${base}/hop/5`, settings)).rejects.toThrow(/more than 5 redirects/);
  });

  it('refuses loopback hosts unless allowed, by address and by name', async () => {
    const strict = { ...settings, allowPrivateHosts: false };
    await expect(fetchFeed(`${base}/feed`, strict)).rejects.toThrow(/is at 127\.0\.0\.1, not a public address/);
    const byName = base.replace('127.0.0.1', 'localhost');
    await expect(fetchFeed(`${byName}/feed`, strict)).rejects.toThrow(/not a public address/);
  });

  it('stops at the size limit and at the deadline, leaving no file behind', async () => {
    await expect(fetchFeed(`${base}/big`, settings)).rejects.toThrow(/over the limit of 1000 bytes/);
    await expect(fetchFeed(`${base}/slow`, { ...settings, totalTimeoutMs: 300 })).rejects.toThrow(
      /took longer than 300 ms \(CATALOG_FEED_TIMEOUT_MS\)/,
    );
    await expect(fetchFeed(`${base}/nope`, settings)).rejects.toThrow(/HTTP 404/);
    await expect(fetchFeed('ftp://example.com/feed.csv', settings)).rejects.toThrow(/only http and https/);
  });
});
