/**
 * The scheduled recompute as npm start and jne worker run it (startJobs), on both backends: the
 * schedule is in pg-boss (every 15 minutes by default, UTC; removed when set off), and a job of
 * the queue, worked by the process's worker, writes supplier_performance rows and evaluates the
 * alarms; with ALERT_DIGEST_TO it mails them, and the log names the recipients only by number.
 */
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startJobs, type RunningJobs } from '../../src/fulfillment/dispatch/jobs.js';
import { automaticReroute } from '../../src/orders/auto-reroute.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import { PERFORMANCE_QUEUE } from '../../src/performance/job.js';
import { CATALOG_FOLD_CRON, CATALOG_FOLD_QUEUE } from '../../src/catalog/fold-job.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { testDispatchSettings, tick } from '../support/dispatch.js';
import { databaseNow, handOrders, handSupplier } from '../support/performance.js';
import { smtpServer } from '../support/smtp.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

for (const backend of backends) {
  describe(`the scheduled recompute on ${backend}`, () => {
    let database: TestDatabase | undefined;
    let jobs: RunningJobs | undefined;
    afterEach(async () => {
      await jobs?.stop();
      jobs = undefined;
      await database?.dispose();
    });

    const start = (env: Record<string, string>, log: Parameters<typeof startJobs>[3] = silent) =>
      startJobs(database!, config(env), Buffer.alloc(32), log, rollUpOrderStatus, automaticReroute(undefined));
    const config = (env: Record<string, string>) => ({
      ...loadConfig({ PERFORMANCE_MIN_ORDERS: '1', ...env }),
      databaseUrl: database!.url,
      dispatch: testDispatchSettings,
    });

    it('the worker registers the schedule, and a job it works writes the figures and the alarms', async () => {
      database = await migratedDatabase(backend);
      const db = database.db;
      const s = await handSupplier(db, 'SCHEDULED');
      await handOrders(db, s, await databaseNow(db), [
        { status: 'failed', created: 3 },
        { status: 'shipped', created: 30, submitted: 29, shipped: 5, shipBy: 1 },
      ]);
      jobs = await start({});
      const { rows: schedules } = await sql<{ name: string; cron: string; timezone: string }>`
        SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`.execute(db);
      expect(schedules).toEqual([
        { name: CATALOG_FOLD_QUEUE, cron: CATALOG_FOLD_CRON, timezone: 'UTC' },
        { name: PERFORMANCE_QUEUE, cron: '*/15 * * * *', timezone: 'UTC' },
      ]);

      expect(await tick(database!, PERFORMANCE_QUEUE)).toEqual(expect.any(String));
      const deadline = Date.now() + 60_000;
      let written: { orders_count: number; rating: string | null }[] = [];
      while (Date.now() < deadline && written.length === 0) {
        await new Promise((r) => setTimeout(r, 500));
        written = await db
          .selectFrom('supplier_performance')
          .select(['orders_count', 'rating'])
          .where('supplier_id', '=', s.supplierId)
          .where('period_label', '=', '30d')
          .execute();
      }
      expect(written).toEqual([{ orders_count: 1, rating: expect.any(String) }]);
      // The same run evaluated the alarms, after the recompute.
      const deadlineAlerts = Date.now() + 30_000;
      let alerts: { rule: string }[] = [];
      while (Date.now() < deadlineAlerts && alerts.length === 0) {
        alerts = await db.selectFrom('alerts').select('rule').where('supplier_id', '=', s.supplierId).execute();
        if (alerts.length === 0) await new Promise((r) => setTimeout(r, 300));
      }
      expect(alerts).toEqual([{ rule: 'dispatch_failed' }]);
    }, 120_000);

    it('with ALERT_DIGEST_TO the run mails the alarms it opened; the log counts the recipients', async () => {
      database = await migratedDatabase(backend);
      const s = await handSupplier(database.db, 'DIGESTED');
      const [failed] = await handOrders(database.db, s, await databaseNow(database.db), [
        { status: 'failed', created: 3 },
      ]);
      const smtp = await smtpServer();
      const lines: Record<string, unknown>[] = [];
      const log = pino({ base: null }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      try {
        const to = 'ops@jne-outlet.example,night@jne-outlet.example';
        jobs = await start({ SMTP_URL: smtp.url, SMTP_FROM: 'alarms@jne-outlet.example', ALERT_DIGEST_TO: to }, log);
        expect(lines).toContainEqual(
          expect.objectContaining({ recipients: 2, msg: expect.stringMatching(/alarm digest on/) }),
        );
        expect(await tick(database!, PERFORMANCE_QUEUE)).toEqual(expect.any(String));
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && smtp.received.length === 0) await new Promise((r) => setTimeout(r, 300));
        expect(smtp.received.map((m) => m.to)).toEqual([['ops@jne-outlet.example', 'night@jne-outlet.example']]);
        expect(smtp.received[0]!.raw.toString()).toContain(`supplier_order:${failed}`);
        const evaluated = () => lines.find((l) => /alarms evaluated/.test(String(l.msg)));
        while (Date.now() < deadline && !evaluated()) await new Promise((r) => setTimeout(r, 100));
        expect(evaluated()).toMatchObject({
          digest: { outcome: 'sent', alarms: 1, open: 1 },
        });
        expect(JSON.stringify(lines)).not.toMatch(/ops@|night@|s3cret/);
      } finally {
        await jobs?.stop();
        jobs = undefined;
        await smtp.close();
      }
    }, 120_000);

    it('PERFORMANCE_RECOMPUTE_CRON=off removes the schedule; another cron replaces it', async () => {
      database = await migratedDatabase(backend);
      jobs = await start({ PERFORMANCE_RECOMPUTE_MINUTES: '5' });
      const cron = async () =>
        (
          await sql<{ cron: string }>`SELECT cron FROM pgboss.schedule WHERE name = ${PERFORMANCE_QUEUE}`.execute(
            database!.db,
          )
        ).rows.map((r) => r.cron);
      expect(await cron()).toEqual(['*/5 * * * *']);
      await jobs.stop();
      jobs = await start({ PERFORMANCE_RECOMPUTE_CRON: 'off' });
      expect(await cron()).toEqual([]);
    }, 120_000);
  });
}
