/**
 * For one describe block: a test app on a migrated database with the job queue installed, and a
 * supplier simulator on loopback; both closed after the block.
 */
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll } from 'vitest';
import type { SimOptions } from '../../src/supplier-sim/options.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { testApp, type TestApp } from './app.js';
import type { BackendName } from './databases.js';
import { jobQueue } from './dispatch.js';
import { sim } from './sim.js';

export interface ShopWithSim {
  t: TestApp;
  boss: PgBoss;
  s: RunningSim;
}

export function shopWithSim(backend: BackendName, simOptions: Partial<SimOptions> = {}): ShopWithSim {
  const shop = {} as ShopWithSim;
  // A new database with every migration (and the job queue): minutes on a busy machine.
  beforeAll(async () => {
    shop.t = await testApp(backend);
    shop.boss = await jobQueue(shop.t.database);
    shop.s = await sim(simOptions);
  }, 180_000);
  afterAll(async () => {
    await shop.boss?.stop({ graceful: false, wait: true, timeout: 2000 });
    await shop.s?.close();
    await shop.t?.close();
  });
  return shop;
}
