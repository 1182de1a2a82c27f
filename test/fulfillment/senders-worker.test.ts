/**
 * End to end on both backends: orders for suppliers that take them by e-mail, SFTP and folder
 * (auto-submit) are placed, their dispatch jobs enqueued with them, taken by the dispatch
 * workers and submitted, with the event in supplier_order_events and the purchase order at each
 * peer (a real SMTP server, a real SFTP server, a folder).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderMethod } from '../../src/db/types.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import { startDispatchWorkers } from '../../src/fulfillment/dispatch/worker.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { jobQueue, testDispatchSettings } from '../support/dispatch.js';
import { supplier } from '../support/dropship.js';
import { csvRecords, takeOrdersBy } from '../support/senders.js';
import { sftpServer, type RunningSftp } from '../support/sftp-server.js';
import { smtpServer, type RunningSmtp } from '../support/smtp.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

for (const backend of backends) {
  describe(`dispatch workers send by e-mail, SFTP and folder on ${backend}`, () => {
    let t: TestApp;
    let boss: PgBoss;
    let smtp: RunningSmtp;
    let sftp: RunningSftp;
    let folder: string;
    beforeAll(async () => {
      t = await testApp(backend);
      boss = await jobQueue(t.database);
      smtp = await smtpServer();
      sftp = await sftpServer();
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-po-'));
    }, 180_000);
    afterAll(async () => {
      await boss?.stop({ graceful: false, wait: true, timeout: 2000 });
      await smtp?.close();
      await sftp?.close();
      if (folder) fs.rmSync(folder, { recursive: true, force: true });
      await t?.close();
    });

    /** A new auto-submit supplier taking orders by `method`, and one order placed with it. */
    async function placedWith(code: string, method: OrderMethod, settings: Parameters<typeof takeOrdersBy>[4]) {
      const id = await supplier(t.database.db, code, { method });
      await takeOrdersBy(t.database.db, t.secrets.credentialsKey, id, method, settings);
      await t.database.db.updateTable('suppliers').set({ auto_submit: true }).where('id', '=', id).execute();
      return placeSupplierOrder(t, code, {}, 2);
    }

    it('places, enqueues, sends and records each supplier order once', async () => {
      const byMail = await placedWith('E2EMAIL', 'email', { orderEmail: 'po@mail-supplier.example' });
      const bySftp = await placedWith('E2ESFTP', 'csv_sftp', {
        credentials: {
          host: sftp.host,
          port: String(sftp.port),
          username: sftp.user.username,
          password: sftp.user.password,
          directory: '/',
        },
      });
      const byFolder = await placedWith('E2EFOLDER', 'csv_folder', { credentials: { folder } });
      const placed = [byMail, bySftp, byFolder];

      const workers = await startDispatchWorkers(
        boss,
        {
          db: t.database.db,
          credentialsKey: t.secrets.credentialsKey,
          syncOrder: rollUpOrderStatus,
          settings: { ...testDispatchSettings, timeoutMs: 5_000, recoverySeconds: 11 },
          mail: { smtpUrl: smtp.url, from: 'orders@jne-outlet.example' },
        },
        { workers: 2, pollSeconds: 1, log: silent },
      );
      try {
        const statuses = () =>
          t.database.db
            .selectFrom('supplier_orders')
            .select('status')
            .where(
              'id',
              'in',
              placed.map((p) => p.supplierOrderId),
            )
            .orderBy('id')
            .execute();
        await expect
          .poll(async () => (await statuses()).map((s) => s.status), { timeout: 30_000, interval: 250 })
          .toEqual(['submitted', 'submitted', 'submitted']);
      } finally {
        await workers.stop();
      }

      for (const p of placed) {
        expect(await supplierOrderEvents(t.database.db, p.supplierOrderId)).toMatchObject([
          { from: 'pending', to: 'submitted', source: 'system', applied: true, actor: 'dispatch worker' },
        ]);
      }
      expect(smtp.received).toHaveLength(1);
      const mail = await simpleParser(smtp.received[0]!.raw);
      expect(mail.messageId).toBe(`<${byMail.reference}@jne-outlet.example>`);
      expect(csvRecords(mail.attachments[0]!.content)[0]).toMatchObject({ reference: byMail.reference, quantity: '2' });

      const name = (reference: string) => `PO-${reference.replace(/\//g, '_')}.csv`;
      expect(fs.readdirSync(sftp.root)).toEqual([name(bySftp.reference)]);
      expect(csvRecords(fs.readFileSync(path.join(sftp.root, name(bySftp.reference))))[0]).toMatchObject({
        reference: bySftp.reference,
      });
      expect(fs.readdirSync(folder)).toEqual([name(byFolder.reference)]);
      expect(csvRecords(fs.readFileSync(path.join(folder, name(byFolder.reference))))[0]).toMatchObject({
        reference: byFolder.reference,
      });
    });
  });
}
