/**
 * Input the database must never see. The NUL character, which PostgreSQL text cannot hold, anywhere a client can put it: a 400 that
 * says where, never a 500, and nothing written. Both backends: the refusal happens before the
 * database, and the database's own refusal (22021) is mapped too.
 */
import net from 'node:net';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHttpError } from '../../src/http/errors.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';

it('maps the database refusing a character (22021, 22P05) to a 400', () => {
  const db = (code: string) => Object.assign(new Error('invalid byte sequence'), { code });
  expect(toHttpError(db('22021'))).toMatchObject({ status: 400, code: 'invalid_input' });
  expect(toHttpError(db('22P05'))).toMatchObject({ status: 400, code: 'invalid_input' });
});

for (const backend of backends) {
  describe(`NUL characters in requests on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend);
    });
    afterAll(() => t?.close());

    const order = (name: string, sku = 'X-1') => ({
      customer: { email: 'ada@example.com', name: 'Ada' },
      shippingAddress: { name, line1: 'Main 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      items: [{ sku, quantity: 1 }],
    });

    it.each([
      ['a search', { method: 'GET', url: '/api/products?q=a%00b' }, 'querystring', '/q'],
      ['a category', { method: 'GET', url: '/api/products?category=sh%00oes' }, 'querystring', '/category'],
      ['a product path', { method: 'GET', url: '/api/products/a%00b' }, 'params', '/idOrSlug'],
      ['an order lookup', { method: 'GET', url: '/api/orders/X%00?email=a@b.c' }, 'params', '/number'],
      [
        'a login',
        { method: 'POST', url: '/api/auth/login', payload: { email: 'a\u0000@b.c', password: 'x' } },
        'body',
        '/email',
      ],
      [
        'an order name',
        { method: 'POST', url: '/api/orders', payload: order('Ada\u0000') },
        'body',
        '/shippingAddress/name',
      ],
      [
        'an order SKU',
        { method: 'POST', url: '/api/orders', payload: order('Ada', 'X\u0000') },
        'body',
        '/items/0/sku',
      ],
    ] as const)('%s: 400 naming where', async (_name, request, where, path) => {
      const res = await t.app.inject(request as InjectOptions);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'invalid_input',
        message: `${where} ${path}: must not contain the NUL character (\\u0000)`,
        details: [{ path }],
      });
    });

    it('takes JSON bodies exactly: a number as text or in an array is a 400, a query number is read from text', async () => {
      for (const quantity of ['2', [2]]) {
        const body = order('Ada');
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/orders',
          payload: { ...body, items: [{ sku: 'X-1', quantity }] },
        });
        expect(res.statusCode, JSON.stringify(quantity)).toBe(400);
        expect(res.json().error.details[0]).toMatchObject({ path: '/items/0/quantity' });
      }
      expect((await t.app.inject('/api/products?limit=2')).statusCode).toBe(200);
    });

    it('a write without a token is a 401 before its body is validated, a wrong role a 403', async () => {
      const bad = { sku: 7, name: [], price: 'free' };
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/products', payload: bad });
      expect(anonymous.statusCode).toBe(401);
      const staff = await t.app.inject({ method: 'POST', url: '/api/suppliers', headers: t.staff, payload: bad });
      expect(staff.statusCode).toBe(403);
      const admin = await t.app.inject({ method: 'POST', url: '/api/products', headers: t.admin, payload: bad });
      expect(admin.statusCode).toBe(400);
    });

    it('a product name with a NUL character writes nothing', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/products',
        headers: t.admin,
        payload: { sku: 'NUL-1', name: 'Mug\u0000', price: '9.99' },
      });
      expect(res.statusCode).toBe(400);
      const rows = await sql<{ n: number }>`select count(*)::int as n from products where sku = 'NUL-1'`.execute(
        t.database.db,
      );
      expect(rows.rows[0]!.n).toBe(0);
    });
  });

  describe(`requests Node's parser refuses, on ${backend}`, () => {
    let t: TestApp;
    let port = 0;
    beforeAll(async () => {
      t = await testApp(backend);
      port = Number(new URL(await t.app.listen({ port: 0, host: '127.0.0.1' })).port);
    });
    afterAll(() => t?.close());

    /** Sends raw bytes, returns the status line and the JSON body of the answer. */
    const raw = (request: string) =>
      new Promise<{ status: string; body: unknown }>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk) => (answer += String(chunk)));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head, body] = answer.split('\r\n\r\n');
          resolve({ status: head!.split('\r\n')[0]!, body: JSON.parse(body!) });
        });
      });

    it('a URL over the header limit is a 431 in the API error shape', async () => {
      const answer = await raw(`GET /api/products?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: shop\r\n\r\n`);
      expect(answer.status).toBe('HTTP/1.1 431 Request Header Fields Too Large');
      expect(answer.body).toEqual({ error: { code: 'headers_too_large', message: expect.stringMatching(/16 KiB/) } });
    });

    it('a request that is not HTTP is a 400 in the API error shape', async () => {
      const answer = await raw('HELLO THERE\r\n\r\n');
      expect(answer.status).toBe('HTTP/1.1 400 Bad Request');
      expect(answer.body).toEqual({
        error: { code: 'malformed_request', message: 'The request is not valid HTTP/1.1' },
      });
    });
  });
}
