/** A supplier that takes orders by API at a simulator, and the job queue with workers on a test database. */
import type { Kysely } from 'kysely';
import type { DispatchSettings } from '../../src/config.js';
import type { DB } from '../../src/db/types.js';
import { installDispatchQueue, openJobQueue } from '../../src/fulfillment/dispatch/job-queue.js';
import { encryptSecret } from '../../src/suppliers/crypto.js';
import type { TestDatabase } from './databases.js';

export const testDispatchSettings: DispatchSettings = {
  workers: 2,
  // A peer on loopback answers within a few ms, but the test process that serves it may get a
  // small share of a busy machine's 2 cores (an SSH handshake or an SMTP dialogue then takes
  // hundreds of ms); the tests of a timeout stall their peer for 1,500 ms. Under half the
  // recovery time, as the configuration requires.
  timeoutMs: 900,
  maxAttempts: 3,
  retryBaseMs: 0,
  retryMaxMs: 0,
  pollSeconds: 1,
  recoverySeconds: 2,
};

/** Points a supplier at the simulator: api method, its endpoint, API key and webhook secret stored encrypted. */
export async function connectToSim(
  db: Kysely<DB>,
  key: Buffer,
  supplierId: number,
  simUrl: string,
  secrets: { apiKey?: string; webhookSecret?: string } = {},
) {
  await db
    .updateTable('suppliers')
    .set({
      order_method: 'api',
      api_endpoint: `${simUrl}/orders`,
      api_credentials_encrypted: secrets.apiKey
        ? encryptSecret(key, 'api_credentials_encrypted', JSON.stringify({ apiKey: secrets.apiKey }))
        : null,
      webhook_secret_encrypted: secrets.webhookSecret
        ? encryptSecret(key, 'webhook_secret_encrypted', secrets.webhookSecret)
        : null,
    })
    .where('id', '=', supplierId)
    .execute();
  await db.updateTable('supplier_orders').set({ method: 'api' }).where('supplier_id', '=', supplierId).execute();
}

export async function jobQueue(database: TestDatabase, settings: DispatchSettings = testDispatchSettings) {
  const boss = openJobQueue(database, database.url, settings);
  boss.on('error', () => {});
  await installDispatchQueue(boss, settings);
  return boss;
}

/** Sends one job to a scheduled queue, as pg-boss's schedule does at each tick. */
export async function tick(database: TestDatabase, queue: string): Promise<string | null> {
  const sender = openJobQueue(database, database.url, testDispatchSettings);
  await sender.start();
  try {
    return await sender.send(queue, {});
  } finally {
    await sender.stop({ graceful: false, wait: true, timeout: 2000 });
  }
}
