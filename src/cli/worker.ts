/**
 * `jne worker`: runs the dispatch workers only (WORKERS of them, default 4), no API, until
 * SIGINT or SIGTERM; running sends finish first. Next to API processes started with WORKERS=0,
 * on one PostgreSQL database.
 */
import pino from 'pino';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { EXIT } from './exit-codes.js';
import { startJobs } from '../fulfillment/dispatch/jobs.js';
import { automaticReroute } from '../orders/auto-reroute.js';
import { rollUpOrderStatus } from '../orders/roll-up.js';
import { loadSecrets } from '../secrets.js';
import { parseOptions } from './args.js';
import { UsageError, type CliIO } from './io.js';

export async function workerCommand(argv: string[], config: Config, io: CliIO, stop?: Promise<void>): Promise<number> {
  const { positionals } = parseOptions('jne worker', argv, {});
  if (positionals.length > 0) throw new UsageError('jne worker takes no arguments');
  if (config.dispatch.workers === 0) throw new UsageError('jne worker with WORKERS=0 would do nothing');
  const secrets = loadSecrets(config);
  const database = await openDatabase(config, { command: 'jne worker', notice: io.err });
  try {
    const log = pino({ level: config.logLevel, base: { process: 'jne worker' } });
    const jobs = await startJobs(
      database,
      config,
      secrets.credentialsKey,
      log,
      rollUpOrderStatus,
      automaticReroute(config.routing.ratingFloor),
    );
    io.out(`jne worker: ${jobs.workers} dispatch worker(s) on ${database.label}; stop with Ctrl-C`);
    await (stop ??
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }));
    await jobs.stop();
    return EXIT.ok;
  } finally {
    await database.close();
  }
}
