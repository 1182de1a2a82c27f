/**
 * Rate limits count in PostgreSQL: two shop processes (two apps, each with its own connection
 * pool, on one database of the real server) allow a client the limit together, not each.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/service.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { openPostgres } from '../../src/db/postgres.js';
import { buildApp } from '../../src/http/app.js';
import { migratedDatabase, type TestDatabase } from '../support/databases.js';

const LIMIT = 4;

describe('rate limits shared by two processes on the server', () => {
  let database: TestDatabase;
  let other: ReturnType<typeof openPostgres>;
  let apps: FastifyInstance[] = [];
  beforeAll(async () => {
    database = await migratedDatabase('postgres');
    other = openPostgres(database.url!, 'second shop process');
    await createUser(database.db, { email: 'boss@example.com', password: 'correct horse battery', role: 'admin' });
    const config = {
      logLevel: 'silent' as const,
      auth: {
        secret: undefined,
        tokenTtlSeconds: 3600,
        loginRateLimitPerMinute: LIMIT,
        orderLookupRateLimitPerMinute: 30,
      },
    };
    const secrets = { authSecret: randomBytes(32), credentialsKey: randomBytes(32) };
    apps = await Promise.all(
      [database, other].map((db) => buildApp({ config, database: db, migrations: loadMigrations(), secrets })),
    );
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await other?.close();
    await database?.dispose();
  });

  const login = (app: FastifyInstance, ip: string, password = 'wrong password') =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'boss@example.com', password },
      remoteAddress: ip,
    });

  it(`allows ${LIMIT} logins a minute per client across both processes`, async () => {
    const codes = [];
    for (let i = 0; i < LIMIT + 2; i += 1) codes.push((await login(apps[i % 2]!, '192.0.2.1')).statusCode);
    expect(codes).toEqual([...Array(LIMIT).fill(401), 429, 429]);
    // Another client still gets through, on either process.
    expect((await login(apps[1]!, '192.0.2.2', 'correct horse battery')).statusCode).toBe(200);
  });

  it('counts hits that arrive at once on both processes exactly', async () => {
    const answers = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => login(apps[i % 2]!, '192.0.2.3')));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(LIMIT);
    expect(codes.filter((c) => c === 429)).toHaveLength(2 * LIMIT);
  });
});
