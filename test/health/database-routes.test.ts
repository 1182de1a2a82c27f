/** GET /api/admin/database/status and /verify: `jne db status` and `jne db verify` for the console (admin). */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { testApp, type TestApp } from '../support/app.js';
import { backends } from '../support/databases.js';

const files = loadMigrations();

for (const backend of backends) {
  describe(`database status and verify on ${backend}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await testApp(backend);
    });
    afterAll(() => t.close());

    const get = (path: string, headers: Record<string, string> = t.admin) =>
      t.app.inject({ method: 'GET', url: `/api/admin/database/${path}`, headers });

    it('lists every migration as applied, with its checksum, and no drift', async () => {
      const res = await get('status');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.ok).toBe(true);
      expect(body.backend).toBe(backend === 'embedded' ? 'embedded' : 'postgres');
      expect(body.migrations.map((m: { id: string }) => m.id)).toEqual(files.map((f) => f.id));
      for (const m of body.migrations) {
        expect(m.state).toBe('applied');
        expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(m.appliedChecksum).toBe(m.checksum);
        expect(Date.parse(m.appliedAt)).not.toBeNaN();
      }
      expect(body.differences).toEqual([]);
    });

    it('runs each applied migration’s checks', async () => {
      const body = (await get('verify')).json();
      expect(body.ok).toBe(true);
      expect(body.pending).toEqual([]);
      expect(body.migrations.map((m: { id: string }) => m.id)).toEqual(files.map((f) => f.id));
      for (const m of body.migrations) {
        expect(m.checks.length).toBeGreaterThan(0);
        for (const c of m.checks) expect(c).toMatchObject({ ok: true, description: expect.any(String) });
      }
    });

    it('is for admins only', async () => {
      expect((await get('status', t.staff)).statusCode).toBe(403);
      expect((await get('verify', t.staff)).statusCode).toBe(403);
      expect((await get('verify', {})).statusCode).toBe(401);
    });

    it('says which check fails when the schema lost a trigger, and shows the drift in the status', async () => {
      await sql`drop trigger pricing_rules_set_updated_at on pricing_rules`.execute(t.database.db);
      const verify = (await get('verify')).json();
      expect(verify.ok).toBe(false);
      const phase1 = verify.migrations.find((m: { id: string }) => m.id === '005_dropshipping_platform_phase1');
      const failed = phase1.checks.filter((c: { ok: boolean }) => !c.ok);
      expect(failed.length).toBeGreaterThan(0);
      for (const c of failed) expect(`${c.description} ${c.detail}`).toMatch(/trigger/i);
      expect(
        verify.migrations.flatMap((m: { checks: { ok: boolean }[] }) => m.checks).filter((c: { ok: boolean }) => !c.ok),
      ).toEqual(failed);
      const status = (await get('status')).json();
      expect(status.ok).toBe(false);
      expect(status.differences).toEqual([
        expect.objectContaining({ id: '005_dropshipping_platform_phase1', kind: 'recorded_but_checks_fail' }),
      ]);
    });
  });
}
