/**
 * Starting the shop, for server.ts and for tests that need a real listening server: keys,
 * database, migrations where allowed, the demo shop on the embedded database's first start,
 * the app, listen. `close()` lets in-flight requests finish, then closes the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { isEmbeddedInProcess } from '../db/embedded.js';
import { localSocketPath, offerToLocalCommands, type LocalAccess } from '../db/local-access/server.js';
import { loadMigrations } from '../db/migrations/files.js';
import { Migrator } from '../db/migrations/migrator.js';
import { repriceStaleFeeds } from '../catalog/prices.js';
import { markInterruptedImports } from '../catalog-import/imports-repository.js';
import { isEmptyShop, seedDemo } from '../demo/seed.js';
import { startJobs } from '../fulfillment/dispatch/jobs.js';
import { automaticReroute } from '../orders/auto-reroute.js';
import { rollUpOrderStatus } from '../orders/roll-up.js';
import { loadSecrets } from '../secrets.js';
import { buildApp } from './app.js';
import { inTransaction } from '../db/transaction.js';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  /** http://host:port, with the port actually bound (PORT=0 picks a free one). */
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  print: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): Promise<RunningServer> {
  // Keys first: a server deployment without AUTH_SECRET/CREDENTIALS_KEY stops here, before anything opens.
  const secrets = loadSecrets(config);
  const database = await openDatabase(config, { command: 'server' });
  let localAccess: LocalAccess | undefined;
  try {
    const migrations = loadMigrations();
    const migrator = new Migrator(database, migrations, config.migration);
    const pending = await migrator.pending();
    if (pending.length > 0) {
      // The embedded database is the shop's own: migrate it. A server is migrated by the runbook.
      if (database.backend !== 'embedded' && !config.migrateOnStart) {
        throw new StartupError(
          `${database.label} has ${pending.length} pending migration(s): ${pending.map((m) => m.id).join(', ')}. ` +
            'Follow the runbook (jne db backup, jne db migrate --dry-run, jne db migrate, jne db verify), ' +
            'or start with MIGRATE_ON_START=true.',
        );
      }
      await migrator.migrate();
    }
    if (database.backend === 'embedded' && config.demoOnFirstStart && (await isEmptyShop(database.db))) {
      const demo = await inTransaction(database.db, (trx) => seedDemo(trx, secrets.credentialsKey));
      print(
        `First start: seeded the demo shop (${demo.categories} categories, ${demo.products} products, ${demo.suppliers} suppliers).`,
      );
      // The password goes to a file only this user can read, never to the output a log collects.
      const loginFile = path.join(config.dataDir, 'admin-login.txt');
      fs.writeFileSync(loginFile, `${demo.admin.email}\n${demo.admin.password}\n`, { mode: 0o600 });
      print(`Admin login: ${demo.admin.email}, password in ${loginFile} (only you can read it; delete it once kept)`);
    }
    // Imports a dead process left 'running' are marked failed, saying they were interrupted.
    const interrupted = await inTransaction(database.db, (trx) => markInterruptedImports(trx));
    if (interrupted > 0) print(`Marked ${interrupted} catalog import(s) cut off by a stopped process as failed.`);
    const app = await buildApp({ config, database, migrations, secrets });
    // The dispatch queue, and this process's workers unless WORKERS=0.
    const jobs = await startJobs(
      database,
      config,
      secrets.credentialsKey,
      app.log,
      rollUpOrderStatus,
      automaticReroute(config.routing.ratingFloor),
    );
    // While shutting down, answers close their keep-alive connection: the server stops when the
    // last in-flight request is answered instead of waiting for idle connections to time out.
    let closing = false;
    app.addHook('onSend', async (_request, reply) => {
      if (closing) void reply.header('connection', 'close');
    });
    const staleFeedCheck = scheduleStaleFeedCheck(app, database, config.staleFeedCheckSeconds);
    // `jne` commands on this machine use the embedded database through the shop while it runs.
    localAccess = isEmbeddedInProcess(database)
      ? await offerToLocalCommands(database.pglite, database.mutex, localSocketPath(config.dataDir))
      : undefined;
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      app,
      database,
      url: `http://${host}:${port}`,
      async close() {
        closing = true;
        if (staleFeedCheck) clearInterval(staleFeedCheck);
        await jobs.stop();
        await app.close();
        await localAccess?.close();
        await database.close();
      },
    };
  } catch (error) {
    await localAccess?.close();
    await database.close();
    throw error;
  }
}

/**
 * A supplier feed goes stale with time, not with a write: every `seconds` the products whose feed
 * passed its catalog_max_age_hours are repriced (one statement; unchanged prices are not written).
 */
function scheduleStaleFeedCheck(app: FastifyInstance, database: Database, seconds: number) {
  if (seconds === 0) return undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    repriceStaleFeeds(database.db)
      .then(({ repriced }) => {
        if (repriced > 0) app.log.info({ repriced }, 'stale supplier feeds: products repriced');
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'stale supplier feed check failed'))
      .finally(() => {
        running = false;
      });
  }, seconds * 1000);
  timer.unref();
  return timer;
}
