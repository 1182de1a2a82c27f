/**
 * Scheduled runs at the same time in two processes (two connection pools) on the PostgreSQL
 * server (PGlite is one session and cannot race), with a mail server slow to answer so that the
 * runs overlap the send: each new alarm is mailed in exactly one digest, and runs at once send
 * one digest between them.
 */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestSettings } from '../../src/alerts/digest.js';
import type { Database } from '../../src/db/database.js';
import { openPostgres } from '../../src/db/postgres.js';
import { runPerformanceJob } from '../../src/performance/job.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { databaseNow, handOrders, handSupplier } from '../support/performance.js';
import { smtpServer, type RunningSmtp } from '../support/smtp.js';

const rules = {
  thresholds: { submitMinutes: 30, ackHours: 24, trackingDays: 2, reservationDays: 7 },
  ratingFloor: undefined,
};
const silent = { warn: () => {} };

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`alarm digests from runs at the same time on ${backend}`, () => {
    let database: TestDatabase;
    let other: Database;
    let smtp: RunningSmtp;
    let digest: DigestSettings;
    beforeAll(async () => {
      database = await migratedDatabase(backend);
      other = openPostgres(database.url!, 'the other process');
      smtp = await smtpServer();
      smtp.answerDelayMs = 300;
      digest = { mail: { smtpUrl: smtp.url, from: 'alarms@jne-outlet.example' }, to: ['ops@jne-outlet.example'] };
    }, 180_000);
    afterAll(async () => {
      await smtp?.close();
      await other?.close();
      await database?.dispose();
    });

    /** `runs` scheduled runs at once, alternating between the two processes' pools. */
    const runsAtOnce = (runs: number) =>
      Promise.all(
        Array.from({ length: runs }, (_, i) =>
          runPerformanceJob({ db: (i % 2 === 0 ? database : other).db, minOrders: 1, rules, digest }, silent),
        ),
      );
    const failedOrders = async (code: string, n: number) => {
      const s = await handSupplier(database.db, code);
      const failed = Array.from({ length: n }, () => ({ status: 'failed' as const, created: 2 }));
      return handOrders(database.db, s, await databaseNow(database.db), failed);
    };

    it('two runs at once send one digest, and each new alarm is in exactly one digest', async () => {
      const mailed: string[] = [];
      for (const [round, count] of [
        [1, 2],
        [2, 1],
        [3, 3],
      ] as const) {
        const ids = await failedOrders(`RACE${round}`, count);
        const results = await runsAtOnce(2);
        expect(results.map((r) => r.digest?.outcome).sort()).toEqual(['nothing_new', 'sent']);
        expect(smtp.received).toHaveLength(round);
        const text = (await simpleParser(smtp.received[round - 1]!.raw)).text!;
        const subjects = [...text.matchAll(/supplier_order:\d+/g)].map((m) => m[0]);
        expect(subjects.sort()).toEqual(ids.map((id) => `supplier_order:${id}`).sort());
        mailed.push(...subjects);
      }
      expect(new Set(mailed).size).toBe(mailed.length);
    }, 120_000);

    it('ten runs at once send one digest between them', async () => {
      const before = smtp.received.length;
      const ids = await failedOrders('RACE10', 4);
      const results = await runsAtOnce(10);
      expect(results.filter((r) => r.digest?.outcome === 'sent')).toHaveLength(1);
      expect(smtp.received).toHaveLength(before + 1);
      const text = (await simpleParser(smtp.received[before]!.raw)).text!;
      expect([...text.matchAll(/supplier_order:\d+/g)].map((m) => m[0]).sort()).toEqual(
        ids.map((id) => `supplier_order:${id}`).sort(),
      );
      const rows = await database.db.selectFrom('alerts').select('digested_at').execute();
      expect(rows.every((r) => r.digested_at instanceof Date)).toBe(true);
    }, 120_000);
  });
}
