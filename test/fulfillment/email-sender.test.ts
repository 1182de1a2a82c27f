/**
 * Sending supplier orders by e-mail to a real SMTP server on loopback (smtp-server), on both
 * backends: the message is parsed (mailparser) and compared, recipient, subject, Message-ID from
 * the reference, text and HTML parts, the CSV attachment read back into the lines; a resend
 * carries the same Message-ID; 4xx and connection errors are retried, a refused recipient and a
 * missing order e-mail or SMTP_URL fail the supplier order with the reason.
 */
import { simpleParser } from 'mailparser';
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MailSettings } from '../../src/config.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import { dispatchSupplierOrder, type DispatchDeps } from '../../src/fulfillment/dispatch/dispatch.js';
import { loadDispatchTarget } from '../../src/fulfillment/dispatch/purchase-order.js';
import { sendByEmail } from '../../src/fulfillment/dispatch/senders/email.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { jobQueue, testDispatchSettings } from '../support/dispatch.js';
import { csvRecords, dueNow, HOSTILE_ADDRESS, takeOrdersBy, useHostileAddress } from '../support/senders.js';
import { smtpServer, type RunningSmtp } from '../support/smtp.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

for (const backend of backends) {
  describe(`dispatch by e-mail on ${backend}`, () => {
    let t: TestApp;
    let boss: PgBoss;
    let smtp: RunningSmtp;
    let suppliers = 0;
    beforeAll(async () => {
      t = await testApp(backend);
      boss = await jobQueue(t.database);
      smtp = await smtpServer();
    }, 180_000);
    afterEach(async () => {
      smtp.received.length = 0;
      smtp.refuseRecipients = undefined;
      smtp.answerDelayMs = 0;
      await sql`DELETE FROM pgboss.job`.execute(t.database.db);
    });
    afterAll(async () => {
      await smtp?.close();
      await boss?.stop({ graceful: false, wait: true, timeout: 2000 });
      await t?.close();
    });

    async function setup(orderEmail: string | null = 'orders@supplier.example', mail?: Partial<MailSettings>) {
      suppliers += 1;
      const code = `MAIL${suppliers}`;
      const placed = await placeSupplierOrder(t, code, { method: 'email' }, [3, 1]);
      await takeOrdersBy(t.database.db, t.secrets.credentialsKey, placed.supplierId, 'email', { orderEmail });
      const deps: DispatchDeps = {
        db: t.database.db,
        credentialsKey: t.secrets.credentialsKey,
        syncOrder: rollUpOrderStatus,
        settings: testDispatchSettings,
        mail: { smtpUrl: smtp.url, from: 'JNE Outlet <orders@jne-outlet.example>', ...mail },
      };
      return { ...placed, code, deps };
    }
    const row = (id: number) =>
      t.database.db.selectFrom('supplier_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('sends the purchase order as text, HTML and a CSV attachment, with the Message-ID from the reference', async () => {
      const { supplierOrderId, reference, orderNumber, code, deps } = await setup();
      await useHostileAddress(t.database.db, supplierOrderId);
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toEqual({ outcome: 'submitted', attempt: 1 });

      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual(['orders@supplier.example']);
      const mail = await simpleParser(smtp.received[0]!.raw);
      const messageId = `<${reference}@jne-outlet.example>`;
      expect(mail.messageId).toBe(messageId);
      expect(mail.subject).toBe(`Purchase order ${reference} (order ${orderNumber})`);
      expect(mail.from?.value[0]?.address).toBe('orders@jne-outlet.example');
      expect(mail.headers.get('x-jne-reference')).toBe(reference);
      expect(mail.text).toContain(`Purchase order ${reference}`);
      expect(mail.text).toMatch(new RegExp(`3 x ${code}-DS\\d+ at 12\\.34 EUR`));
      expect(mail.text).toContain(HOSTILE_ADDRESS.name);
      // Every value escaped in the HTML part: the name's markup is text, not markup.
      const html = String(mail.html);
      expect(html).toContain('Ann &quot;Q&quot; &lt;b&gt;O&#39;Neil&lt;/b&gt; &amp; Co');
      expect(html).not.toContain('<b>O');
      expect(html).toContain(`<td class="n">3</td>`);

      expect(mail.attachments).toHaveLength(1);
      const attachment = mail.attachments[0]!;
      expect(attachment.filename).toBe(`PO-${reference.replace(/\//g, '_')}.csv`);
      expect(attachment.contentType).toBe('text/csv');
      const records = csvRecords(attachment.content);
      expect(records).toEqual([
        expect.objectContaining({ quantity: '3', unit_cost: '12.34', currency: 'EUR' }),
        expect.objectContaining({ quantity: '1', unit_cost: '12.34', currency: 'EUR' }),
      ]);
      expect(records[0]).toMatchObject({
        reference,
        order_number: orderNumber,
        ship_to_name: HOSTILE_ADDRESS.name,
        ship_to_line1: `'${HOSTILE_ADDRESS.line1}`,
        ship_to_line2: `'${HOSTILE_ADDRESS.line2}`,
        ship_to_city: 'Berlin, Mitte',
        supplier_sku: expect.stringMatching(new RegExp(`^${code}-DS\\d+$`)),
      });
      expect(records[0]!.ship_by).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const events = await supplierOrderEvents(t.database.db, supplierOrderId);
      expect(events).toMatchObject([{ from: 'pending', to: 'submitted', source: 'system', applied: true }]);
      expect(events[0]!.payload).toMatchObject({
        attempt: 1,
        to: 'orders@supplier.example',
        messageId,
        answer: expect.stringContaining('250'),
      });
    });

    it('a resend (after a crash before the outcome was recorded) carries the same Message-ID', async () => {
      const { supplierOrderId, reference, deps } = await setup();
      const target = (await loadDispatchTarget(t.database.db, supplierOrderId))!;
      expect(await sendByEmail(deps.mail!, target, 2000)).toMatchObject({ kind: 'submitted' });
      expect(await sendByEmail(deps.mail!, target, 2000)).toMatchObject({ kind: 'submitted' });
      const ids = await Promise.all(smtp.received.map(async (m) => (await simpleParser(m.raw)).messageId));
      expect(ids).toEqual([`<${reference}@jne-outlet.example>`, `<${reference}@jne-outlet.example>`]);
    });

    it('a temporary refusal (4xx) is retried, then the message goes out', async () => {
      const { supplierOrderId, deps } = await setup();
      smtp.refuseRecipients = { code: 451, message: 'Try again later' };
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toMatchObject({
        outcome: 'retry_scheduled',
        attempt: 1,
      });
      const so = await row(supplierOrderId);
      expect(so.status).toBe('pending');
      expect(so.last_error).toContain('451');
      expect(smtp.received).toHaveLength(0);

      smtp.refuseRecipients = undefined;
      await dueNow(t.database.db, supplierOrderId);
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toMatchObject({ outcome: 'submitted', attempt: 2 });
      expect(smtp.received).toHaveLength(1);
    });

    it('an SMTP server that cannot be reached is retried', async () => {
      const { supplierOrderId, deps } = await setup('orders@supplier.example', {
        smtpUrl: 'smtp://shop:s3cret@127.0.0.1:1',
      });
      const result = await dispatchSupplierOrder(deps, supplierOrderId);
      expect(result).toMatchObject({ outcome: 'retry_scheduled', attempt: 1 });
      expect((await row(supplierOrderId)).last_error).toMatch(/^mail error: .*ECONNREFUSED/);
    });

    it('a server that does not answer within the timeout is retried under the same Message-ID', async () => {
      const { supplierOrderId, reference, deps } = await setup();
      smtp.answerDelayMs = 1_500;
      const result = await dispatchSupplierOrder(deps, supplierOrderId);
      expect(result).toMatchObject({ outcome: 'retry_scheduled', attempt: 1 });
      expect((await row(supplierOrderId)).status).toBe('pending');
      smtp.answerDelayMs = 0;
      await dueNow(t.database.db, supplierOrderId);
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toMatchObject({ outcome: 'submitted', attempt: 2 });
      // The stalled server kept the first message too: the supplier sees the same Message-ID twice.
      const ids = await Promise.all(smtp.received.map(async (m) => (await simpleParser(m.raw)).messageId));
      expect(ids).toEqual([`<${reference}@jne-outlet.example>`, `<${reference}@jne-outlet.example>`]);
    });

    it('a refused recipient (5xx) fails the supplier order with the server text, not retried', async () => {
      const { supplierOrderId, deps } = await setup();
      smtp.refuseRecipients = { code: 550, message: 'No such user here' };
      const result = await dispatchSupplierOrder(deps, supplierOrderId);
      expect(result).toMatchObject({ outcome: 'failed', attempt: 1 });
      const so = await row(supplierOrderId);
      expect(so.status).toBe('failed');
      expect(so.last_error).toBe(
        "the SMTP server refused the recipient orders@supplier.example (the supplier's order_email): 550 No such user here",
      );
      const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job`.execute(t.database.db);
      expect(jobs.rows[0]!.n).toBe(0);
    });

    it('a wrong SMTP login fails the supplier order naming SMTP_URL', async () => {
      const { supplierOrderId, deps } = await setup('orders@supplier.example', {
        smtpUrl: smtp.url.replace('s3cret', 'wrong'),
      });
      expect(await dispatchSupplierOrder(deps, supplierOrderId)).toMatchObject({ outcome: 'failed' });
      expect((await row(supplierOrderId)).last_error).toMatch(/^the SMTP server refused the login of SMTP_URL: 535/);
    });

    it('a supplier without an order e-mail, or a shop without SMTP_URL, fails at once with the reason', async () => {
      const noEmail = await setup(null);
      expect(await dispatchSupplierOrder(noEmail.deps, noEmail.supplierOrderId)).toEqual({
        outcome: 'failed',
        attempt: 1,
        detail: `supplier ${noEmail.code} has no order_email`,
      });
      expect((await row(noEmail.supplierOrderId)).last_error).toBe(`supplier ${noEmail.code} has no order_email`);

      const noSmtp = await setup('orders@supplier.example', { smtpUrl: undefined, from: undefined });
      expect(await dispatchSupplierOrder(noSmtp.deps, noSmtp.supplierOrderId)).toMatchObject({
        outcome: 'failed',
        detail: 'SMTP_URL is not set: this shop sends no e-mail',
      });
      expect(smtp.received).toHaveLength(0);
    });
  });
}
