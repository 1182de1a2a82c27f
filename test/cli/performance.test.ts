/** `jne performance` and `jne alerts` as an operator types them, on each backend: output, JSON and exit codes. */
import { afterEach, describe, expect, it } from 'vitest';
import { jne } from '../support/cli.js';
import { cliTarget, type CliTarget } from '../support/cli-target.js';
import { backends } from '../support/databases.js';
import { databaseNow, handOrders, handSupplier } from '../support/performance.js';

const settings = { USER: 'marta', PERFORMANCE_MIN_ORDERS: '1', ROUTING_RATING_FLOOR: '2.00' };

for (const backend of backends) {
  describe(`jne performance and jne alerts on ${backend}`, () => {
    let t: CliTarget;
    afterEach(async () => t?.dispose());

    it('recompute, show as a table and as JSON, one supplier with its orders; bad input exits 2', async () => {
      t = await cliTarget(backend, settings);
      await t.withDb(async (db) => {
        const now = await databaseNow(db);
        await handOrders(db, await handSupplier(db, 'TABLEA'), now, [
          { status: 'shipped', created: 30, submitted: 29, acknowledged: 28, shipped: 5, shipBy: 1, trackingAfter: 2 },
        ]);
        await handOrders(db, await handSupplier(db, 'TABLEB'), now, [{ status: 'rejected', created: 30 }]);
      });
      const recompute = await jne(['performance', 'recompute', '--json'], t.env);
      expect(recompute.code).toBe(0);
      expect(JSON.parse(recompute.out)).toEqual({ rows: 8, ms: expect.any(Number) });
      const one = await jne(['performance', 'recompute', '--supplier', 'tablea'], t.env);
      expect(one).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^Recomputed 4 period row\(s\) of TABLEA in \d+ ms\.$/),
      });
      const full = await jne(['performance', 'recompute', '--supplier', 'TABLEA', '--full', '--json'], t.env);
      expect(full.code).toBe(0);
      expect(JSON.parse(full.out)).toEqual({ rows: 4, ms: expect.any(Number) });

      const table = await jne(['performance', 'show', '--period', '7d'], t.env);
      expect(table.code).toBe(0);
      const lines = table.out.split('\n');
      expect(lines[0]).toMatch(/^supplier\s+period\s+orders\s+fill\s+accepted\s+on time/);
      expect(lines[1]).toMatch(/^TABLEA\s+7d \S+\s+1\s+100\.0 %\s+100\.0 %\s+100\.0 %\s+24\.00 h/);
      // rejected: fill 0, acceptance 0, no cancellation: 5 x 0.15 / 0.60
      expect(lines[2]).toMatch(/^TABLEB\s+7d .* 1\.25$/);

      const json = await jne(['performance', 'show', '--json'], t.env);
      expect(
        JSON.parse(json.out).items.map((i: { code: string; period: { label: string } }) => [i.code, i.period.label]),
      ).toEqual([
        ['TABLEA', '30d'],
        ['TABLEB', '30d'],
      ]);
      const detail = await jne(['performance', 'show', '--supplier', 'TABLEA', '--period', '7d', '--json'], t.env);
      expect(JSON.parse(detail.out)).toMatchObject({
        performance: { code: 'TABLEA', rating: '5.00', rated: true },
        orders: { total: 1, items: [{ status: 'shipped', onTime: true, handlingHours: '24.00' }] },
      });
      const detailText = await jne(['performance', 'show', '--supplier', 'TABLEA', '--period', '7d'], t.env);
      expect(detailText.out).toContain('Supplier orders behind it (1 of 1, newest first):');

      expect(await jne(['performance', 'show', '--period', '14d'], t.env)).toMatchObject({
        code: 2,
        err: expect.stringContaining('--period: must be 7d, 30d, 90d or a month like 2026-11, got "14d"'),
      });
      expect(await jne(['performance', 'recompute', '--supplier', 'NOPE'], t.env)).toMatchObject({
        code: 2,
        err: 'error: --supplier: no supplier with code "NOPE"',
      });
      expect(await jne(['performance', 'show', '--supplier', 'TABLEA', '--period', '2001-01'], t.env)).toMatchObject({
        code: 1,
        err: expect.stringContaining('No 2001-01 performance of TABLEA yet'),
      });
      expect((await jne(['performance', 'frobnicate'], t.env)).code).toBe(2);
      expect((await jne(['performance', 'show', '--frob'], t.env)).code).toBe(2);
    }, 240_000);

    it('alerts: evaluate, list open (text, JSON), acknowledge, list all; bad ids exit 2, unknown ones 1', async () => {
      t = await cliTarget(backend, settings);
      await t.withDb(async (db) => {
        await handOrders(db, await handSupplier(db, 'ALARMED'), await databaseNow(db), [
          { status: 'failed', created: 2 },
        ]);
      });
      expect(await jne(['alerts'], t.env)).toMatchObject({ code: 0, out: 'No open alarms.' });
      const evaluated = await jne(['alerts', 'evaluate', '--json'], t.env);
      expect(JSON.parse(evaluated.out)).toEqual({ opened: 1, stillOpen: 0, resolved: 0 });
      expect((await jne(['alerts', 'evaluate'], t.env)).out).toBe('Alarms: 0 new, 1 still open, 0 resolved.');
      const listed = JSON.parse((await jne(['alerts', '--json'], t.env)).out);
      expect(listed).toMatchObject({ total: 1, items: [{ rule: 'dispatch_failed', supplierCode: 'ALARMED' }] });
      const id = String(listed.items[0].id);
      const text = await jne(['alerts'], t.env);
      expect(text.out).toMatch(new RegExp(`^1 open alarm\\(s\\), newest first:\\n\\s+${id}  dispatch_failed`));
      expect(await jne(['alerts', 'ack', id], t.env)).toMatchObject({
        code: 0,
        out: expect.stringMatching(new RegExp(`^Alert ${id} acknowledged by marta \\(jne\\) at `)),
      });
      expect((await jne(['alerts'], t.env)).out).toContain('acknowledged by marta (jne)');
      await t.withDb((db) => db.updateTable('supplier_orders').set({ status: 'pending' }).execute());
      expect((await jne(['alerts', 'evaluate'], t.env)).out).toBe('Alarms: 0 new, 0 still open, 1 resolved.');
      expect((await jne(['alerts'], t.env)).out).toBe('No open alarms.');
      expect(JSON.parse((await jne(['alerts', '--all', '--json'], t.env)).out).items[0].resolvedAt).toEqual(
        expect.any(String),
      );
      expect((await jne(['alerts', 'ack', '999999'], t.env)).code).toBe(1);
      expect((await jne(['alerts', 'ack', 'abc'], t.env)).code).toBe(2);
      expect((await jne(['alerts', 'list'], t.env)).code).toBe(2);
    }, 240_000);
  });
}
