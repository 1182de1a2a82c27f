/**
 * Writing purchase orders into a folder (method csv_folder), on both backends: the file appears
 * complete under PO-<reference>.csv with no temporary file left; a resend leaves one file; a
 * missing or relative folder fails the supplier order with the reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import { dispatchSupplierOrder, type DispatchDeps } from '../../src/fulfillment/dispatch/dispatch.js';
import { loadDispatchTarget } from '../../src/fulfillment/dispatch/purchase-order.js';
import { purchaseOrderCsv } from '../../src/fulfillment/purchase-order/csv.js';
import { sendToFolder } from '../../src/fulfillment/dispatch/senders/folder.js';
import { supplierOrderEvents } from '../../src/fulfillment/events-repository.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';
import { testDispatchSettings } from '../support/dispatch.js';
import { csvRecords, takeOrdersBy } from '../support/senders.js';
import { placeSupplierOrder } from '../support/supplier-orders.js';

for (const backend of backends) {
  describe(`dispatch into a folder on ${backend}`, () => {
    let t: TestApp;
    let base: string;
    let suppliers = 0;
    beforeAll(async () => {
      t = await testApp(backend);
      base = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-po-'));
    }, 180_000);
    afterAll(async () => {
      fs.rmSync(base, { recursive: true, force: true });
      await t?.close();
    });

    async function setup(folder: (dir: string) => string = (dir) => dir) {
      suppliers += 1;
      const code = `FOLDER${suppliers}`;
      const dir = path.join(base, code);
      fs.mkdirSync(dir);
      const placed = await placeSupplierOrder(t, code, { method: 'csv_folder' }, [4]);
      const credentials = { folder: folder(dir) };
      await takeOrdersBy(t.database.db, t.secrets.credentialsKey, placed.supplierId, 'csv_folder', { credentials });
      const deps: DispatchDeps = {
        db: t.database.db,
        credentialsKey: t.secrets.credentialsKey,
        syncOrder: rollUpOrderStatus,
        settings: testDispatchSettings,
      };
      const fileName = `PO-${placed.reference.replace(/\//g, '_')}.csv`;
      return { ...placed, code, dir, credentials, deps, fileName, files: () => fs.readdirSync(dir).sort() };
    }

    it('writes PO-<reference>.csv complete, with no temporary file left', async () => {
      const s = await setup();
      expect(await dispatchSupplierOrder(s.deps, s.supplierOrderId)).toEqual({ outcome: 'submitted', attempt: 1 });
      expect(s.files()).toEqual([s.fileName]);
      const content = fs.readFileSync(path.join(s.dir, s.fileName), 'utf8');
      const target = (await loadDispatchTarget(t.database.db, s.supplierOrderId))!;
      expect(content).toBe(purchaseOrderCsv(target.purchaseOrder));
      expect(csvRecords(content)).toEqual([
        expect.objectContaining({
          reference: s.reference,
          order_number: s.orderNumber,
          quantity: '4',
          unit_cost: '12.34',
        }),
      ]);
      const events = await supplierOrderEvents(t.database.db, s.supplierOrderId);
      expect(events).toMatchObject([{ from: 'pending', to: 'submitted', applied: true }]);
      expect(events[0]!.payload).toEqual({ attempt: 1, file: path.join(s.dir, s.fileName) });
    });

    it('a resend finds its file: submitted, still one file', async () => {
      const s = await setup();
      const target = (await loadDispatchTarget(t.database.db, s.supplierOrderId))!;
      expect(await sendToFolder(s.credentials, s.code, target.purchaseOrder)).toMatchObject({ kind: 'submitted' });
      expect(await dispatchSupplierOrder(s.deps, s.supplierOrderId)).toEqual({ outcome: 'submitted', attempt: 1 });
      expect(s.files()).toEqual([s.fileName]);
      expect((await supplierOrderEvents(t.database.db, s.supplierOrderId))[0]!.payload).toMatchObject({
        alreadyThere: true,
      });
    });

    it('two sends at once leave one complete file and no temporary one', async () => {
      const s = await setup();
      const target = (await loadDispatchTarget(t.database.db, s.supplierOrderId))!;
      const outcomes = await Promise.all(
        [1, 2, 3].map(() => sendToFolder(s.credentials, s.code, target.purchaseOrder)),
      );
      expect(outcomes.map((o) => o.kind)).toEqual(['submitted', 'submitted', 'submitted']);
      expect(s.files()).toEqual([s.fileName]);
      expect(fs.readFileSync(path.join(s.dir, s.fileName), 'utf8')).toBe(purchaseOrderCsv(target.purchaseOrder));
    });

    it('a folder that does not exist, or a relative one, fails the supplier order with the reason', async () => {
      const missing = await setup((dir) => path.join(dir, 'not-there'));
      const result = await dispatchSupplierOrder(missing.deps, missing.supplierOrderId);
      expect(result).toMatchObject({ outcome: 'failed', attempt: 1 });
      expect((result as { detail: string }).detail).toMatch(
        new RegExp(`^cannot write the purchase order into ${missing.dir}/not-there: ENOENT`),
      );
      expect(missing.files()).toEqual([]);

      const relative = await setup(() => 'po/acme');
      expect(await dispatchSupplierOrder(relative.deps, relative.supplierOrderId)).toMatchObject({
        outcome: 'failed',
        detail: `the credentials of supplier ${relative.code} need "folder", an absolute path`,
      });
    });
  });
}
