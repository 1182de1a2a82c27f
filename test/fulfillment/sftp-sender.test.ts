/**
 * Uploading purchase orders by SFTP to a real SFTP server on loopback (the ssh2 package's server
 * over a temporary directory, test/support/sftp-server.ts), on both backends: the uploaded file is
 * read back and compared; a resend leaves one file; password and key logins work; a pinned host
 * key is checked; a wrong password is retried and fails after the last attempt; missing settings
 * fail at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import { dispatchSupplierOrder, type DispatchDeps } from '../../src/fulfillment/dispatch/dispatch.js';
import { loadDispatchTarget } from '../../src/fulfillment/dispatch/purchase-order.js';
import { sendBySftp } from '../../src/fulfillment/dispatch/senders/sftp.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { jobQueue, testDispatchSettings } from '../support/dispatch.js';
import { csvRecords, dueNow, takeOrdersBy } from '../support/senders.js';
import { sftpServer, type RunningSftp } from '../support/sftp-server.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

for (const backend of backends) {
  describe(`dispatch by SFTP on ${backend}`, () => {
    let t: TestApp;
    let boss: PgBoss;
    let server: RunningSftp;
    let suppliers = 0;
    beforeAll(async () => {
      t = await testApp(backend);
      boss = await jobQueue(t.database);
      server = await sftpServer();
    }, 180_000);
    afterEach(async () => {
      await sql`DELETE FROM pgboss.job`.execute(t.database.db);
    });
    afterAll(async () => {
      await server?.close();
      await boss?.stop({ graceful: false, wait: true, timeout: 2000 });
      await t?.close();
    });

    /** A csv_sftp supplier with one placed order, uploading into /outbox-N with the given login. */
    async function setup(login: Record<string, string>) {
      suppliers += 1;
      const code = `SFTP${suppliers}`;
      const directory = `/outbox-${suppliers}`;
      fs.mkdirSync(path.join(server.root, directory));
      const placed = await placeSupplierOrder(t, code, { method: 'csv_sftp' }, [2, 5]);
      const credentials = {
        host: server.host,
        port: String(server.port),
        username: server.user.username,
        directory,
        ...login,
      };
      await takeOrdersBy(t.database.db, t.secrets.credentialsKey, placed.supplierId, 'csv_sftp', { credentials });
      const deps: DispatchDeps = {
        db: t.database.db,
        credentialsKey: t.secrets.credentialsKey,
        syncOrder: rollUpOrderStatus,
        settings: { ...testDispatchSettings, timeoutMs: 5_000, recoverySeconds: 11 },
      };
      const fileName = `PO-${placed.reference.replace(/\//g, '_')}.csv`;
      const files = () => fs.readdirSync(path.join(server.root, directory)).sort();
      const content = () => fs.readFileSync(path.join(server.root, directory, fileName), 'utf8');
      return { ...placed, code, directory, credentials, deps, fileName, files, content };
    }
    const row = (id: number) =>
      t.database.db.selectFrom('supplier_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('uploads PO-<reference>.csv with a password login; the file reads back as the lines', async () => {
      const s = await setup({ password: server.user.password });
      expect(await dispatchSupplierOrder(s.deps, s.supplierOrderId)).toEqual({ outcome: 'submitted', attempt: 1 });
      expect(s.files()).toEqual([s.fileName]);
      const records = csvRecords(s.content());
      expect(records.map((r) => [r.reference, r.order_number, r.quantity, r.unit_cost, r.currency])).toEqual([
        [s.reference, s.orderNumber, '2', '12.34', 'EUR'],
        [s.reference, s.orderNumber, '5', '12.34', 'EUR'],
      ]);
      expect(records[0]).toMatchObject({
        ship_to_name: 'Test Buyer',
        ship_to_line1: 'Hauptstr. 1',
        ship_to_country: 'DE',
      });
      expect(records[0]!.supplier_sku).toMatch(new RegExp(`^${s.code}-DS\\d+$`));
      const events = await supplierOrderEvents(t.database.db, s.supplierOrderId);
      expect(events).toMatchObject([{ from: 'pending', to: 'submitted', applied: true }]);
      expect(events[0]!.payload).toEqual({ attempt: 1, host: server.host, file: `${s.directory}/${s.fileName}` });
      // No secret in what was recorded.
      expect(JSON.stringify(events)).not.toContain(server.user.password);
    });

    it('a resend after a crash finds its file and counts as submitted, without a second file', async () => {
      const s = await setup({ privateKey: server.user.privateKey, hostKeySha256: server.hostKeyFingerprint });
      const target = (await loadDispatchTarget(t.database.db, s.supplierOrderId))!;
      // The first send reached the server, then the worker died before recording it.
      expect(await sendBySftp(s.credentials, s.code, target.purchaseOrder, 5_000)).toMatchObject({ kind: 'submitted' });
      const first = s.content();
      expect(await dispatchSupplierOrder(s.deps, s.supplierOrderId)).toEqual({ outcome: 'submitted', attempt: 1 });
      expect(s.files()).toEqual([s.fileName]);
      expect(s.content()).toBe(first);
      const events = await supplierOrderEvents(t.database.db, s.supplierOrderId);
      expect(events[0]!.payload).toMatchObject({ alreadyThere: true });
    });

    it('two sends at once (a worker taken for dead and its successor) leave one file and no temporary one', async () => {
      const s = await setup({ password: server.user.password });
      const target = (await loadDispatchTarget(t.database.db, s.supplierOrderId))!;
      const send = () => sendBySftp(s.credentials, s.code, target.purchaseOrder, 5_000);
      const outcomes = await Promise.all([send(), send(), send()]);
      expect(outcomes.map((o) => o.kind)).toEqual(['submitted', 'submitted', 'submitted']);
      expect(s.files()).toEqual([s.fileName]);
      expect(csvRecords(s.content())).toHaveLength(2);
    });

    it('a send whose rename loses the race to another sender counts as submitted and removes its temporary file', async () => {
      const s = await setup({ password: server.user.password });
      const target = (await loadDispatchTarget(t.database.db, s.supplierOrderId))!;
      // Between this sender's check and its rename, another sender's file arrives.
      server.beforeRename = (file) => fs.writeFileSync(file, 'the other sender');
      try {
        expect(await sendBySftp(s.credentials, s.code, target.purchaseOrder, 5_000)).toEqual({
          kind: 'submitted',
          payload: { host: server.host, file: `${s.directory}/${s.fileName}`, alreadyThere: true },
        });
      } finally {
        server.beforeRename = undefined;
      }
      expect(s.files()).toEqual([s.fileName]);
      expect(s.content()).toBe('the other sender');
    });

    it('logs in with a private key, and refuses a server whose host key is not the pinned one', async () => {
      const s = await setup({ privateKey: server.user.privateKey, hostKeySha256: server.hostKeyFingerprint });
      const target = (await loadDispatchTarget(t.database.db, s.supplierOrderId))!;
      const impostor = { ...s.credentials, hostKeySha256: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
      expect(await sendBySftp(impostor, s.code, target.purchaseOrder, 5_000)).toMatchObject({ kind: 'retry' });
      expect(s.files()).toEqual([]);
      expect(await dispatchSupplierOrder(s.deps, s.supplierOrderId)).toEqual({ outcome: 'submitted', attempt: 1 });
      expect(s.files()).toEqual([s.fileName]);
    });

    it('a wrong password is retried, and the supplier order fails after the last attempt', async () => {
      const s = await setup({ password: 'wrong' });
      const first = await dispatchSupplierOrder(s.deps, s.supplierOrderId);
      expect(first).toMatchObject({ outcome: 'retry_scheduled', attempt: 1 });
      expect((await row(s.supplierOrderId)).last_error).toMatch(
        new RegExp(`^SFTP ${server.host}:${server.port}: .*authentication methods failed`),
      );
      const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job`.execute(t.database.db);
      expect(jobs.rows[0]!.n).toBe(1);
      for (const attempt of [2, 3]) {
        await dueNow(t.database.db, s.supplierOrderId);
        const result = await dispatchSupplierOrder(s.deps, s.supplierOrderId);
        expect(result).toMatchObject({ outcome: attempt === 3 ? 'failed' : 'retry_scheduled', attempt });
      }
      const so = await row(s.supplierOrderId);
      expect(so.status).toBe('failed');
      expect(so.last_error).toMatch(/^gave up after 3 attempt\(s\); last: SFTP .*authentication methods failed/);
      expect(s.files()).toEqual([]);
    });

    it('missing settings fail the supplier order at once, naming them', async () => {
      const s = await setup({});
      expect(await dispatchSupplierOrder(s.deps, s.supplierOrderId)).toEqual({
        outcome: 'failed',
        attempt: 1,
        detail: `the SFTP credentials of supplier ${s.code} need host, username and password or privateKey`,
      });
    });
  });
}
