/**
 * Starts the shop (see start.ts) and shuts it down gracefully on SIGINT/SIGTERM: the server stops
 * accepting connections, in-flight requests finish, the database closes. A shutdown that hangs
 * is cut off after 10 seconds.
 */
import { ConfigError, loadConfig } from '../config.js';
import { StartupError, startServer } from './start.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    setTimeout(() => {
      server.app.log.error('shutdown took longer than 10 s: exiting');
      process.exit(1);
    }, 10_000).unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  server.app.log.info(
    `JNE Outlet is running on ${server.database.label}: ${server.url}/ (API docs: ${server.url}/docs)`,
  );
}

main().catch((error: unknown) => {
  const known =
    error instanceof StartupError || error instanceof ConfigError || (error as Error)?.name === 'DataDirBusyError';
  process.stderr.write(`jne server: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
