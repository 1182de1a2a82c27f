/** Login, login tokens, API tokens and role checks through inject, on every backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLoginToken, verifyLoginToken } from '../../src/auth/login-tokens.js';
import { createUser } from '../../src/auth/service.js';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

for (const backend of backends) {
  describe(`authentication on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend, {
        config: {
          logLevel: 'silent',
          auth: {
            secret: undefined,
            tokenTtlSeconds: 3600,
            orderLookupRateLimitPerMinute: 30,
            loginRateLimitPerMinute: 5,
          },
        },
      });
      await createUser(t.database.db, { email: 'Boss@Example.com', password: 'correct horse battery', role: 'admin' });
      await createUser(t.database.db, { email: 'clerk@example.com', password: 'staff password 1', role: 'staff' });
    });
    afterAll(() => t.close());
    const login = (email: string, password: string, ip = '10.0.0.1') =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

    it('logs in with e-mail (any case) and password: a bearer token and its expiry', async () => {
      const res = await login('boss@example.com', 'correct horse battery');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.token).toMatch(/^v1\./);
      const ttl = new Date(body.expiresAt).getTime() - Date.now();
      expect(ttl).toBeGreaterThan(3500_000);
      expect(ttl).toBeLessThanOrEqual(3600_000);
      expect(body.user).toMatchObject({ email: 'Boss@Example.com', role: 'admin', isActive: true });
      expect(body.user).not.toHaveProperty('passwordHash');
      const me = await t.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } });
      expect(me.json()).toMatchObject({ kind: 'user', role: 'admin', email: 'Boss@Example.com' });
      const suppliers = await t.app.inject({
        url: '/api/suppliers',
        headers: { authorization: `Bearer ${body.token}` },
      });
      expect(suppliers.statusCode).toBe(200);
      const hash = await t.database.db
        .selectFrom('users')
        .select('password_hash')
        .where('role', '=', 'admin')
        .executeTakeFirstOrThrow();
      expect(hash.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('answers a wrong password and an unknown user alike with 401', async () => {
      const wrong = await login('boss@example.com', 'wrong', '10.0.0.2');
      const unknown = await login('nobody@example.com', 'wrong', '10.0.0.2');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.json().error).toEqual({ code: 'unauthenticated', message: 'e-mail address or password is wrong' });
      const missing = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.c' } });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.details[0]).toMatchObject({ path: '/password', message: 'is required' });
    });

    it('rate-limits login attempts per client address', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await login('boss@example.com', 'wrong', '10.9.9.9')).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const limited = await login('boss@example.com', 'correct horse battery', '10.9.9.9');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
      expect(limited.headers['retry-after']).toBeDefined();
      expect((await login('boss@example.com', 'correct horse battery', '10.9.9.10')).statusCode).toBe(200);
    });

    it('rejects tampered, expired and foreign login tokens, and those of deactivated users', async () => {
      const { token } = (await login('clerk@example.com', 'staff password 1', '10.0.0.3')).json();
      const me = (headers: Record<string, string>) => t.app.inject({ url: '/api/auth/me', headers });
      expect((await me({ authorization: `Bearer ${token}` })).json().role).toBe('staff');
      const [v, payload, sig] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 1, role: 'admin', exp: 9999999999 })).toString('base64url');
      expect((await me({ authorization: `Bearer ${v}.${forged}.${sig}` })).statusCode).toBe(401);
      expect((await me({ authorization: `Bearer ${v}.${payload}.${sig}x` })).statusCode).toBe(401);
      const expired = signLoginToken(t.secrets.authSecret, {
        sub: 2,
        role: 'staff',
        exp: Math.floor(Date.now() / 1000) - 1,
      });
      const res = await me({ authorization: `Bearer ${expired}` });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toContain('expired');
      const otherSecret = signLoginToken(Buffer.alloc(32, 1), { sub: 2, role: 'staff', exp: 9999999999 });
      expect((await me({ authorization: `Bearer ${otherSecret}` })).statusCode).toBe(401);
      expect((await me({})).statusCode).toBe(401);

      await t.database.db
        .updateTable('users')
        .set({ is_active: false })
        .where('email', '=', 'clerk@example.com')
        .execute();
      const gone = await me({ authorization: `Bearer ${token}` });
      expect(gone.statusCode).toBe(401);
      expect(gone.json().error.message).toContain('deactivated');
      expect((await login('clerk@example.com', 'staff password 1', '10.0.0.4')).statusCode).toBe(401);
    });

    it('lets admins create, list and revoke API tokens; a revoked token is refused', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: t.admin,
        payload: { name: 'deploy smoke', role: 'staff', expiresInDays: 30 },
      });
      expect(created.statusCode).toBe(201);
      const { token, record } = created.json();
      expect(token).toMatch(/^jne_/);
      expect(record).toMatchObject({
        name: 'deploy smoke',
        role: 'staff',
        prefix: token.slice(0, 12),
        revokedAt: null,
      });
      const auth = { authorization: `Bearer ${token}` };
      expect((await t.app.inject({ url: '/api/suppliers', headers: auth })).statusCode).toBe(200);

      const list = (await t.app.inject({ url: '/api/tokens', headers: t.admin })).json();
      const listed = list.items.find((i: { id: number }) => i.id === record.id);
      expect(listed.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(list)).not.toContain(token);
      const stored = await t.database.db
        .selectFrom('api_tokens')
        .select('token_hash')
        .where('id', '=', record.id)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.token_hash).not.toContain(token);

      const revoked = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${record.id}`, headers: t.admin });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).not.toBeNull();
      const refused = await t.app.inject({ url: '/api/suppliers', headers: auth });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.message).toBe('the API token is unknown, expired or revoked');
      expect((await t.app.inject({ method: 'DELETE', url: '/api/tokens/999999', headers: t.admin })).statusCode).toBe(
        404,
      );
    });

    it('keeps the token routes for admins: 401 without a token, 403 for staff', async () => {
      expect((await t.app.inject('/api/tokens')).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/api/tokens', headers: t.staff })).statusCode).toBe(403);
      const post = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: t.staff,
        payload: { name: 'x', role: 'admin' },
      });
      expect(post.statusCode).toBe(403);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/tokens/1', headers: t.staff })).statusCode).toBe(403);
      const badRole = await t.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: t.admin,
        payload: { name: 'x', role: 'root' },
      });
      expect(badRole.json().error.details[0]).toMatchObject({ path: '/role', message: 'must be one of: admin, staff' });
    });
  });
}

describe('login tokens', () => {
  const secret = Buffer.alloc(32, 3);
  it('verify what they sign until they expire', () => {
    const token = signLoginToken(secret, { sub: 7, role: 'admin', exp: 2_000 });
    expect(verifyLoginToken(secret, token, 1_999_000)).toEqual({ sub: 7, role: 'admin', exp: 2_000 });
    expect(verifyLoginToken(secret, token, 2_000_000)).toBeUndefined();
    expect(verifyLoginToken(secret, token.replace('v1.', 'v2.'), 0)).toBeUndefined();
    expect(verifyLoginToken(secret, `${token}.extra`, 0)).toBeUndefined();
    expect(verifyLoginToken(Buffer.alloc(32, 4), token, 0)).toBeUndefined();
  });
});
