/** Builds the Fastify app; tests use `app.inject`, server.ts listens. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { MigrationFile } from '../db/migrations/files.js';
import { healthRoutes } from '../health/routes.js';
import { registerWeb } from './web.js';

export interface AppDeps {
  config: Pick<Config, 'logLevel'>;
  database: Database;
  migrations: MigrationFile[];
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.config.logLevel },
    bodyLimit: 1024 * 1024,
    requestIdHeader: 'x-request-id',
  });
  healthRoutes(app, deps.database, deps.migrations);
  // Last: the frontend's files and its page fallback, after every API route.
  await registerWeb(app);
  await app.ready();
  return app;
}
