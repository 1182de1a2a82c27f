/** A migrated database on a backend, the app on it, and tokens for each role. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { createApiToken } from '../../src/auth/service.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { buildApp, type AppDeps } from '../../src/http/app.js';
import type { PlacementStep } from '../../src/orders/placement.js';
import type { Secrets } from '../../src/secrets.js';
import { migratedDatabase, type BackendName, type TestDatabase } from './databases.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  secrets: Secrets;
  /** Authorization headers of an admin and a staff API token. */
  admin: { authorization: string };
  staff: { authorization: string };
  close(): Promise<void>;
}

export interface TestAppOptions {
  orderSteps?: PlacementStep[];
  logStream?: DestinationStream;
  config?: Partial<AppDeps['config']>;
}

export async function testApp(backend: BackendName, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await migratedDatabase(backend);
  const secrets = { authSecret: randomBytes(32), credentialsKey: randomBytes(32) };
  const app = await buildApp({
    config: { logLevel: options.logStream ? 'info' : 'silent', ...options.config },
    database,
    migrations: loadMigrations(),
    secrets,
    ...(options.orderSteps ? { orderSteps: options.orderSteps } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  const admin = (await createApiToken(database.db, { name: 'test admin', role: 'admin' })).token;
  const staff = (await createApiToken(database.db, { name: 'test staff', role: 'staff' })).token;
  return {
    app,
    database,
    secrets,
    admin: { authorization: `Bearer ${admin}` },
    staff: { authorization: `Bearer ${staff}` },
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}
