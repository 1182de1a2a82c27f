/**
 * The alarm digest as the scheduled run sends it (runPerformanceJob with ALERT_DIGEST_TO), to a
 * real SMTP server on loopback, on both backends: the run that opens alarms sends one e-mail
 * listing them (parsed with mailparser: recipients, subject, the text and HTML parts); a run with
 * nothing new sends nothing; an alarm opened later comes alone in the next digest; an evaluation
 * on demand sends nothing and leaves its alarms to the next scheduled run; a refused send leaves
 * the alarms to the next run; a claim left by a run that died is taken over after its time.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimDigest } from '../../src/alerts/digest-claim.js';
import { CLAIM_SECONDS, type DigestSettings } from '../../src/alerts/digest.js';
import { evaluateAlerts } from '../../src/alerts/evaluate.js';
import type { RuleInputs } from '../../src/alerts/rules.js';
import { inTransaction } from '../../src/db/transaction.js';
import type { DB } from '../../src/db/types.js';
import { runPerformanceJob } from '../../src/performance/job.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { databaseNow, handOrders, handSupplier } from '../support/performance.js';
import { smtpServer, type RunningSmtp } from '../support/smtp.js';

const rules: RuleInputs = {
  thresholds: { submitMinutes: 30, ackHours: 24, trackingDays: 2, reservationDays: 7 },
  ratingFloor: undefined,
};
const silent = { warn: () => {} };
const TO = ['ops@jne-outlet.example', 'night-desk@jne-outlet.example'];

for (const backend of backends) {
  describe(`the alarm digest on ${backend}`, () => {
    let smtp: RunningSmtp;
    let database: TestDatabase;
    let db: Kysely<DB>;
    let digest: DigestSettings;
    beforeAll(async () => {
      smtp = await smtpServer();
      digest = { mail: { smtpUrl: smtp.url, from: 'JNE Outlet <alarms@jne-outlet.example>' }, to: TO };
    });
    beforeEach(async () => {
      database = await migratedDatabase(backend);
      db = database.db;
    }, 180_000);
    afterEach(async () => {
      smtp.received.length = 0;
      smtp.refuseRecipients = undefined;
      await database?.dispose();
    });
    afterAll(async () => smtp?.close());

    /** One scheduled run: recompute, evaluate, digest. */
    const scheduledRun = () => runPerformanceJob({ db, minOrders: 1, rules, digest }, silent);
    /** A supplier order dispatch gave up on: a dispatch_failed alarm at the next evaluation. */
    async function failedOrder(code: string, lastError: string | null = null) {
      const s = await handSupplier(db, code);
      const [id] = await handOrders(db, s, await databaseNow(db), [{ status: 'failed', created: 2 }]);
      await db
        .updateTable('supplier_orders')
        .set({ last_error: lastError, attempts: 8 })
        .where('id', '=', id!)
        .execute();
      return id!;
    }
    const mails = () => Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
    const digestState = () =>
      db.selectFrom('alerts').select(['subject', 'digest_claimed_at', 'digested_at']).orderBy('id').execute();

    it('the run that opens alarms mails them once, as text and HTML; the next run with nothing new mails nothing', async () => {
      const first = await failedOrder('DIGA', 'HTTP 500 <b>down</b> & "out"');
      const second = await failedOrder('DIGB');
      const run = await scheduledRun();
      expect(run.alerts.opened).toBe(2);
      expect(run.digest).toEqual({ outcome: 'sent', alarms: 2, open: 2, messageId: expect.any(String) });

      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual(TO);
      const [mail] = (await mails()) as [ParsedMail];
      expect(mail.subject).toBe('Alarm digest: 2 new, 2 open');
      expect(mail.from?.value[0]?.address).toBe('alarms@jne-outlet.example');
      expect(mail.to && !Array.isArray(mail.to) && mail.to.value.map((a) => a.address)).toEqual(TO);
      const ids = (await db.selectFrom('alerts').select('id').orderBy('id').execute()).map((a) => a.id);
      expect(mail.text).toContain('2 new alarms since the last digest; 2 alarms open in all.');
      expect(mail.text).toMatch(
        new RegExp(
          `#${ids[0]} dispatch_failed, supplier DIGA, supplier_order:${first}, first seen \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\n` +
            `    Supplier order ${first} to DIGA failed after 8 attempt\\(s\\): HTTP 500 <b>down</b> & "out"`,
        ),
      );
      expect(mail.text).toContain(`#${ids[1]} dispatch_failed, supplier DIGB, supplier_order:${second}`);
      // Oldest first, no links, and nothing of the configuration (the SMTP login above all).
      expect(mail.text!.indexOf('DIGA')).toBeLessThan(mail.text!.indexOf('DIGB'));
      expect(`${mail.text}${mail.html}`).not.toMatch(/https?:|s3cret|smtp:/);
      expect(mail.html).toContain(`<td>supplier_order:${first}</td>`);
      expect(mail.html).toContain('HTTP 500 &lt;b&gt;down&lt;/b&gt; &amp; &quot;out&quot;');
      expect(mail.html).not.toContain('<b>down</b>');
      expect(await digestState()).toEqual([
        { subject: `supplier_order:${first}`, digest_claimed_at: expect.any(Date), digested_at: expect.any(Date) },
        { subject: `supplier_order:${second}`, digest_claimed_at: expect.any(Date), digested_at: expect.any(Date) },
      ]);

      const again = await scheduledRun();
      expect(again.alerts).toEqual({ opened: 0, stillOpen: 2, resolved: 0 });
      expect(again.digest).toEqual({ outcome: 'nothing_new' });
      expect(smtp.received).toHaveLength(1);
    });

    it('an alarm opened later comes alone in the next digest, with the count of all open ones', async () => {
      await failedOrder('DIGC');
      await scheduledRun();
      const later = await failedOrder('DIGD');
      expect((await scheduledRun()).digest).toMatchObject({ outcome: 'sent', alarms: 1, open: 2 });
      expect(smtp.received).toHaveLength(2);
      const second = (await mails())[1]!;
      expect(second.subject).toBe('Alarm digest: 1 new, 2 open');
      expect(second.text).toContain('1 new alarm since the last digest; 2 alarms open in all.');
      expect(second.text).toContain(`supplier DIGD, supplier_order:${later}`);
      expect(second.text).not.toContain('DIGC');
    });

    it('an evaluation on demand mails nothing; the next scheduled run mails what it opened', async () => {
      const id = await failedOrder('DIGE');
      expect(await inTransaction(db, (trx) => evaluateAlerts(trx, rules))).toMatchObject({ opened: 1 });
      expect(smtp.received).toHaveLength(0);
      const run = await scheduledRun();
      expect(run.alerts.opened).toBe(0);
      expect(run.digest).toMatchObject({ outcome: 'sent', alarms: 1 });
      expect((await mails())[0]!.text).toContain(`supplier_order:${id}`);
    });

    it('an alarm that resolved before any digest is not mailed', async () => {
      const id = await failedOrder('DIGF');
      await inTransaction(db, (trx) => evaluateAlerts(trx, rules));
      await db.updateTable('supplier_orders').set({ status: 'cancelled' }).where('id', '=', id).execute();
      const run = await scheduledRun();
      expect(run.alerts.resolved).toBe(1);
      expect(run.digest).toEqual({ outcome: 'nothing_new' });
      expect(smtp.received).toHaveLength(0);
    });

    for (const refusal of [
      { code: 550, message: 'No such mailbox' },
      { code: 451, message: 'Try again later' },
    ]) {
      it(`a send the SMTP server refuses (${refusal.code}) leaves the alarms to the next run`, async () => {
        const id = await failedOrder(`DIGR${refusal.code}`);
        smtp.refuseRecipients = refusal;
        const run = await scheduledRun();
        expect(run.alerts.opened).toBe(1);
        expect(run.digest).toEqual({
          outcome: 'not_sent',
          alarms: 1,
          reason: expect.stringContaining(`${refusal.code} ${refusal.message}`),
        });
        expect(smtp.received).toHaveLength(0);
        expect(await digestState()).toEqual([
          { subject: `supplier_order:${id}`, digest_claimed_at: null, digested_at: null },
        ]);

        smtp.refuseRecipients = undefined;
        expect((await scheduledRun()).digest).toMatchObject({ outcome: 'sent', alarms: 1, open: 1 });
        expect((await mails())[0]!.text).toContain(`supplier_order:${id}`);
      });
    }

    it('a claim left by a run that died holds its alarms until its time is up, then the next run mails them', async () => {
      const id = await failedOrder('DIGX');
      await inTransaction(db, (trx) => evaluateAlerts(trx, rules));
      // A run that claimed and died before sending.
      expect(await inTransaction(db, (trx) => claimDigest(trx, CLAIM_SECONDS))).toMatchObject({
        alarms: [{ subject: `supplier_order:${id}` }],
      });
      expect((await scheduledRun()).digest).toEqual({ outcome: 'nothing_new' });
      expect(smtp.received).toHaveLength(0);

      await sql`UPDATE alerts SET digest_claimed_at = digest_claimed_at - make_interval(secs => ${CLAIM_SECONDS + 1})`.execute(
        db,
      );
      expect((await scheduledRun()).digest).toMatchObject({ outcome: 'sent', alarms: 1 });
      expect((await mails())[0]!.text).toContain(`supplier_order:${id}`);
    });
  });
}
