/** The app's common behaviour: error format, request ids, security headers, CORS, body limits. */
import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { buildApp } from '../../src/http/app.js';
import { toHttpError } from '../../src/http/errors.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../src/errors.js';
import { backends } from '../support/databases.js';
import { testApp } from '../support/app.js';

describe('error mapping', () => {
  it('maps domain errors by class', () => {
    expect(toHttpError(new NotFoundError('no such thing'))).toMatchObject({ status: 404, code: 'not_found' });
    expect(toHttpError(new ConflictError('taken'))).toMatchObject({ status: 409, code: 'conflict' });
    expect(toHttpError(InvalidInputError.field('/a/b', 'is odd'))).toEqual({
      status: 400,
      code: 'invalid_input',
      message: 'a/b: is odd',
      details: [{ path: '/a/b', message: 'is odd' }],
    });
  });

  it('maps database errors by SQLSTATE, whatever their message says', () => {
    const db = (code: string, extra: object = {}) =>
      Object.assign(new Error('duplicate key? deadlock?'), { code, ...extra });
    expect(toHttpError(db('23505', { constraint: 'some_new_key' }))).toMatchObject({ status: 409, code: 'conflict' });
    expect(toHttpError(db('23505', { constraint: 'products_sku_key' }))?.details).toEqual([
      { path: '/sku', message: 'a product with this SKU already exists' },
    ]);
    expect(toHttpError(db('23503'))).toMatchObject({ status: 409 });
    expect(toHttpError(db('23514', { constraint: 'x_check' }))).toMatchObject({ status: 400, code: 'invalid_input' });
    expect(toHttpError(db('40P01'))).toMatchObject({ status: 503, code: 'busy' });
    expect(toHttpError(db('40001'))).toMatchObject({ status: 503 });
    expect(toHttpError(db('XX000'))).toBeUndefined();
    expect(toHttpError(new Error('unique violation 23505'))).toBeUndefined();
  });
});

for (const backend of backends) {
  describe(`app behaviour on ${backend}`, () => {
    it('answers an unexpected error with a generic 500; the detail goes to the log with the request id', async () => {
      const lines: string[] = [];
      const logStream = new Writable({
        write(chunk, _e, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const t = await testApp(backend, { logStream });
      try {
        t.app.get('/boom', async () => {
          throw new Error('the disk is full at /var/secret/path');
        });
        const res = await t.app.inject({ url: '/boom', headers: { 'x-request-id': 'req-abc-123' } });
        expect(res.statusCode).toBe(500);
        expect(res.headers['x-request-id']).toBe('req-abc-123');
        expect(res.json()).toEqual({
          error: {
            code: 'internal_error',
            message: 'Something went wrong on our side. Quote request id req-abc-123 when reporting it.',
          },
        });
        expect(res.body).not.toContain('disk is full');
        const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unexpected error');
        expect(logged).toMatchObject({
          level: 50,
          reqId: 'req-abc-123',
          err: { message: expect.stringContaining('disk is full') },
        });
      } finally {
        await t.close();
      }
    });

    it('gives every response a request id, security headers, and JSON 404s for unknown routes', async () => {
      const t = await testApp(backend);
      try {
        const res = await t.app.inject('/api/nothing-here');
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual({
          error: { code: 'not_found', message: 'There is no route GET /api/nothing-here' },
        });
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        const ok = await t.app.inject('/api/products');
        expect(ok.headers['x-content-type-options']).toBe('nosniff');
        expect(ok.headers['content-security-policy']).toContain("default-src 'self'");
        expect(ok.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(ok.headers['access-control-allow-origin']).toBeUndefined();
        // An id that could forge log lines is replaced by a fresh one.
        const odd = await t.app.inject({ url: '/api/products', headers: { 'x-request-id': 'a b\nc' } });
        expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      } finally {
        await t.close();
      }
    });

    it('limits request bodies and insists on JSON', async () => {
      const t = await testApp(backend, {
        config: { logLevel: 'silent', http: { corsOrigins: false, bodyLimitBytes: 2048, trustProxy: false } },
      });
      try {
        const big = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'a@b.c', password: 'x'.repeat(5000) },
        });
        expect(big.statusCode).toBe(413);
        expect(big.json().error.code).toBe('payload_too_large');
        const text = await t.app.inject({
          method: 'POST',
          url: '/api/orders',
          headers: { 'content-type': 'application/xml' },
          payload: '<order/>',
        });
        expect(text.statusCode).toBe(415);
        expect(text.json().error.code).toBe('unsupported_media_type');
      } finally {
        await t.close();
      }
    });

    it('allows cross-origin requests only from the configured origins', async () => {
      const t = await testApp(backend, {
        config: {
          logLevel: 'silent',
          http: { corsOrigins: ['https://shop.example'], bodyLimitBytes: 1_048_576, trustProxy: false },
        },
      });
      try {
        const allowed = await t.app.inject({ url: '/api/products', headers: { origin: 'https://shop.example' } });
        expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
        expect(allowed.headers['access-control-expose-headers']).toBe('x-request-id, idempotent-replayed');
        const other = await t.app.inject({ url: '/api/products', headers: { origin: 'https://evil.example' } });
        expect(other.headers['access-control-allow-origin']).toBeUndefined();
        const preflight = await t.app.inject({
          method: 'OPTIONS',
          url: '/api/orders',
          headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
        });
        expect(preflight.statusCode).toBe(204);
      } finally {
        await t.close();
      }
    });
  });
}

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('rate-limits logins by the forwarded client address', async () => {
    const t = await testApp('embedded', {
      config: {
        logLevel: 'silent',
        http: { corsOrigins: false, bodyLimitBytes: 1_048_576, trustProxy: true },
        auth: { secret: undefined, tokenTtlSeconds: 60, orderLookupRateLimitPerMinute: 30, loginRateLimitPerMinute: 1 },
      },
    });
    try {
      const login = (client: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'a@example.com', password: 'x' },
          remoteAddress: '10.0.0.1',
          headers: { 'x-forwarded-for': client },
        });
      expect((await login('203.0.113.1')).statusCode).toBe(401);
      expect((await login('203.0.113.2')).statusCode).toBe(401);
      expect((await login('203.0.113.1')).statusCode).toBe(429);
    } finally {
      await t.close();
    }
  });
});

describe('buildApp without optional settings', () => {
  it('still builds with defaults (random keys, no CORS)', async () => {
    const t = await testApp('embedded');
    try {
      const app = await buildApp({
        config: { logLevel: 'silent' },
        database: t.database,
        migrations: loadMigrations(),
      });
      expect((await app.inject('/api/categories')).statusCode).toBe(200);
      await app.close();
    } finally {
      await t.close();
    }
  });
});
