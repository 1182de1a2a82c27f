/**
 * Starts the shop: reads the config, opens the database, applies pending migrations where that
 * is allowed, listens, and shuts down gracefully (in-flight requests finish, the pool closes).
 */
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { loadMigrations } from '../db/migrations/files.js';
import { Migrator } from '../db/migrations/migrator.js';
import { buildApp } from './app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, { command: 'server' });
  const migrations = loadMigrations();
  const migrator = new Migrator(database, migrations, config.migration);
  const pending = await migrator.pending();
  if (pending.length > 0) {
    // The embedded database is the shop's own: migrate it. A server is migrated by the runbook.
    if (database.backend === 'embedded' || config.migrateOnStart) {
      await migrator.migrate();
    } else {
      await database.close();
      throw new StartupError(
        `${database.label} has ${pending.length} pending migration(s): ${pending.map((m) => m.id).join(', ')}. ` +
          'Follow the runbook (jne db backup, jne db migrate --dry-run, jne db migrate, jne db verify), ' +
          'or start with MIGRATE_ON_START=true.',
      );
    }
  }
  const app = await buildApp({ config, database, migrations });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`JNE Outlet is running on ${database.label}: http://${config.host}:${config.port}/`);
}

class StartupError extends Error {}

main().catch((error: unknown) => {
  const known =
    error instanceof StartupError || error instanceof ConfigError || (error as Error)?.name === 'DataDirBusyError';
  process.stderr.write(`jne server: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
