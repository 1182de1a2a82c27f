/**
 * A customer's order lookup (number and e-mail) against guessing, on both backends: order numbers
 * do not run in sequence, a wrong e-mail and an unknown number take the same one query and the
 * same answer, lookups are rate-limited per client (staff are not), and the e-mail never reaches
 * the access log.
 */
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/db/types.js';
import { getOrder } from '../../src/orders/service.js';
import { testApp, type TestApp } from '../support/app.js';
import { smallCatalog } from '../support/catalog.js';
import { backends } from '../support/databases.js';
import { offer, supplier } from '../support/dropship.js';

const LIMIT = 5;
const address = { name: 'Erika Muster', line1: 'Hauptstraße 5', city: 'Köln', postalCode: '50667', country: 'DE' };

/** The same database, counting the statements run through it. */
function counting(db: Kysely<DB>): { db: Kysely<DB>; statements: () => number } {
  let n = 0;
  const counted = db.withPlugin({
    transformQuery: (args) => {
      n += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { db: counted, statements: () => n };
}

for (const backend of backends) {
  describe(`order lookup on ${backend}`, () => {
    let t: TestApp;
    const log: string[] = [];
    beforeAll(async () => {
      t = await testApp(backend, {
        config: {
          logLevel: 'info',
          auth: {
            secret: undefined,
            tokenTtlSeconds: 3600,
            loginRateLimitPerMinute: 10,
            orderLookupRateLimitPerMinute: LIMIT,
          },
        },
        logStream: new Writable({
          write(chunk, _encoding, done) {
            log.push(String(chunk));
            done();
          },
        }),
      });
      const ids = (await smallCatalog(t.database.db)).products;
      // Every order routes: a dropship supplier with plenty of every product.
      const backup = await supplier(t.database.db, 'BACKUP');
      for (const id of Object.values(ids)) await offer(t.database.db, backup, id, '1.00', 1000);
    });
    afterAll(() => t?.close());

    const place = async (email: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/orders',
        payload: {
          items: [{ sku: 'SNK-2', quantity: 1 }],
          customer: { email, name: 'Erika' },
          shippingAddress: address,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().number as string;
    };
    const lookup = (number: string, email: string, ip = '198.51.100.7') =>
      t.app.inject({ url: `/api/orders/${number}?email=${encodeURIComponent(email)}`, remoteAddress: ip });

    it('order numbers are JNE-<year>-<8 digits> and do not run in sequence', async () => {
      const numbers = [];
      for (let i = 0; i < 6; i += 1) numbers.push(await place(`seq${i}@example.com`));
      for (const n of numbers) expect(n).toMatch(new RegExp(`^JNE-${new Date().getUTCFullYear()}-\\d{8}$`));
      expect(new Set(numbers).size).toBe(numbers.length);
      const tails = numbers.map((n) => Number(n.slice(-8)));
      const steps = tails.slice(1).map((tail, i) => tail - tails[i]!);
      // Six random draws out of 10^8 are not six consecutive (or equally spaced) numbers.
      expect(new Set(steps).size).toBeGreaterThan(1);
    });

    it('a wrong e-mail and an unknown number: the same one query, the same answer', async () => {
      const number = await place('owner@example.com');
      const wrong = counting(t.database.db);
      await expect(getOrder(wrong.db, number, { staff: false, email: 'guess@example.com' })).rejects.toThrow(
        /there is no order/,
      );
      const unknown = counting(t.database.db);
      await expect(
        getOrder(unknown.db, 'JNE-2026-00000000', { staff: false, email: 'guess@example.com' }),
      ).rejects.toThrow(/there is no order/);
      expect([wrong.statements(), unknown.statements()]).toEqual([1, 1]);
      const right = await getOrder(t.database.db, number, { staff: false, email: ' Owner@Example.com ' });
      expect(right.number).toBe(number);

      const [a, b] = [
        await lookup(number, 'guess@example.com', '198.51.100.1'),
        await lookup('JNE-2026-00000000', 'guess@example.com', '198.51.100.1'),
      ];
      expect([a.statusCode, b.statusCode]).toEqual([404, 404]);
      expect(a.json().error.message.replace(number, 'N')).toBe(
        b.json().error.message.replace('JNE-2026-00000000', 'N'),
      );
    });

    it(`allows ${LIMIT} lookups a minute per client, then 429; other clients and staff go on`, async () => {
      const number = await place('limited@example.com');
      const codes = [];
      for (let i = 0; i < LIMIT + 2; i += 1)
        codes.push((await lookup(number, 'limited@example.com', '203.0.113.9')).statusCode);
      expect(codes).toEqual([...Array(LIMIT).fill(200), 429, 429]);
      const limited = await lookup(number, 'limited@example.com', '203.0.113.9');
      expect(limited.json().error.code).toBeDefined();
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await lookup(number, 'limited@example.com', '203.0.113.10')).statusCode).toBe(200);
      for (let i = 0; i < LIMIT + 2; i += 1) {
        const res = await t.app.inject({
          url: `/api/orders/${number}`,
          headers: t.staff,
          remoteAddress: '203.0.113.9',
        });
        expect(res.statusCode).toBe(200);
      }
    });

    it('keeps the e-mail out of the access log', async () => {
      const number = await place('private.person@example.com');
      log.length = 0;
      expect((await lookup(number, 'private.person@example.com', '198.51.100.20')).statusCode).toBe(200);
      const lines = log.join('');
      expect(lines).toContain(`/api/orders/${number}?email=[redacted]`);
      expect(lines).not.toMatch(/private\.person/);
    });
  });
}
