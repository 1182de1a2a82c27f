/** jne users / tokens / seed on both backends, as an operator runs them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/auth/service.js';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { backends, migratedDataDir, migratedDatabase, type TestDatabase } from '../support/databases.js';

const KEY = 'ab'.repeat(32);

for (const backend of backends) {
  describe(`jne users, tokens and seed on ${backend}`, () => {
    let dataDir: string;
    let server: TestDatabase | undefined;
    let env: Record<string, string | undefined>;

    beforeEach(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-cli-'));
      env = { DATA_DIR: dataDir };
      // Migrated as `jne db migrate` leaves it (test/cli/db.test.ts runs that), copied from the template.
      if (backend === 'postgres') {
        server = await migratedDatabase('postgres');
        env = { ...env, DATABASE_URL: server.url, CREDENTIALS_KEY: KEY, AUTH_SECRET: 'x'.repeat(40) };
      } else {
        await migratedDataDir(dataDir);
      }
    });
    afterEach(async () => {
      await server?.dispose();
      server = undefined;
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    async function jne(...argv: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIO = { env, cwd: dataDir, out: (l) => out.push(l), err: (l) => err.push(l) };
      const code = await runCli(argv, io);
      return { code, out: out.join('\n'), err: err.join('\n') };
    }

    it('creates users, and says clearly what is wrong with bad input', async () => {
      const ok = await jne(
        'users',
        'create',
        '--email',
        'ops@example.com',
        '--password',
        'long enough pw',
        '--role',
        'admin',
      );
      expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('Created admin user ops@example.com') });
      const dup = await jne(
        'users',
        'create',
        '--email',
        'OPS@example.com',
        '--password',
        'long enough pw',
        '--role',
        'staff',
      );
      expect(dup).toMatchObject({ code: 1, err: 'error: a user with this e-mail address already exists' });
      const role = await jne(
        'users',
        'create',
        '--email',
        'x@example.com',
        '--password',
        'long enough pw',
        '--role',
        'root',
      );
      expect(role).toMatchObject({ code: 2, err: expect.stringContaining('must be one of admin, staff, got "root"') });
      const short = await jne('users', 'create', '--email', 'x@example.com', '--password', 'short', '--role', 'staff');
      expect(short).toMatchObject({ code: 2, err: expect.stringContaining('at least 10 characters') });
      expect(await jne('users', 'create', '--password', 'long enough pw', '--role', 'staff')).toMatchObject({
        code: 2,
        err: 'error: jne users create needs --email',
      });
      expect((await jne('users', 'delete')).code).toBe(2);
    });

    it('creates, lists and revokes API tokens; the token authenticates until revoked', async () => {
      const created = await jne('tokens', 'create', '--name', 'smoke', '--role', 'admin', '--quiet');
      expect(created.code).toBe(0);
      const token = created.out.trim();
      expect(token).toMatch(/^jne_[A-Za-z0-9_-]{43}$/);
      const config = loadConfig(env, dataDir);
      const check = async () => {
        const database = await openDatabase(config, { command: 'test' });
        try {
          return await authenticate(database.db, Buffer.alloc(32), `Bearer ${token}`);
        } finally {
          await database.close();
        }
      };
      expect(await check()).toMatchObject({ kind: 'token', name: 'smoke', role: 'admin' });
      const list = await jne('tokens', 'list');
      expect(list.out).toContain(`${token.slice(0, 12)}…  admin  smoke  (active`);
      expect(list.out).not.toContain(token);
      const revoked = await jne('tokens', 'revoke', token.slice(0, 12));
      expect(revoked).toMatchObject({ code: 0, out: expect.stringContaining('Revoked API token') });
      await expect(check()).rejects.toThrow('the API token is unknown, expired or revoked');
      expect((await jne('tokens', 'list')).out).toContain('revoked');
      expect(await jne('tokens', 'revoke', '999')).toMatchObject({ code: 1, err: 'error: there is no API token 999' });
      expect((await jne('tokens', 'create', '--name', 'x', '--role', 'admin', '--expires-days', 'soon')).code).toBe(2);
      expect((await jne('tokens', 'create', '--role', 'admin')).code).toBe(2);
    });

    it('seeds the demo shop once, prints the admin login, and refuses a second time', async () => {
      const seeded = await jne('seed', '--demo', '--admin-password', 'demo password 1');
      expect(seeded.code).toBe(0);
      expect(seeded.out).toMatch(/Demo shop seeded in .*: 22 categories, \d{3} products, 3 suppliers\./);
      expect(seeded.out).toContain('Admin login: admin@jneoutlet.example / demo password 1');
      const again = await jne('seed', '--demo');
      expect(again).toMatchObject({ code: 1, err: expect.stringContaining('already has products or users') });
      expect((await jne('seed')).code).toBe(2);
    });

    if (backend === 'postgres') {
      it('needs CREDENTIALS_KEY on a server to seed suppliers with credentials', async () => {
        delete env.CREDENTIALS_KEY;
        const res = await jne('seed', '--demo');
        expect(res).toMatchObject({
          code: 2,
          err: expect.stringContaining('CREDENTIALS_KEY is required when DATABASE_URL is set'),
        });
      });
    }
  });
}
