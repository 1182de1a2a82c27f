/** The embedded database belongs to one process at a time. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, lockDataDir } from '../../src/db/data-dir-lock.js';
import { jne, tempDir } from '../support/cli.js';
import { migratedDataDir } from '../support/databases.js';

describe('embedded data folder lock', () => {
  const children: { kill(): void }[] = [];
  afterEach(() => children.splice(0).forEach((c) => c.kill()));

  it('a second process gets a clear message naming the owner, and the database is untouched', async () => {
    // A data folder as `jne db migrate` leaves it, copied from the migrated template (jne db tests
    // make one from nothing): initdb and every migration are not what this test is about.
    const dataDir = path.join(tempDir(), 'data');
    await migratedDataDir(dataDir);
    expect((await jne(['db', 'migrate'], { DATA_DIR: dataDir })).code).toBe(0);
    // Another live process owns the folder (as `npm start` would).
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    children.push(other);
    fs.writeFileSync(
      path.join(dataDir, 'jne.lock'),
      JSON.stringify({ pid: other.pid, command: 'server', startedAt: new Date().toISOString() }),
    );

    const run = await jne(['db', 'status'], { DATA_DIR: dataDir });
    expect(run.code).toBe(75);
    expect(run.err).toContain(`is in use by process ${other.pid} (server)`);
    expect(run.err).toContain('DATABASE_URL');

    other.kill();
    await new Promise((resolve) => other.once('exit', resolve));
    // Its owner is gone: the stale lock is taken over.
    const after = await jne(['db', 'verify'], { DATA_DIR: dataDir });
    expect(after.code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'jne.lock'))).toBe(false);
  });

  it('a DATA_DIR that cannot be made or written is named with the reason, for the CLI and the server', async () => {
    // Node's own recursive mkdir never returns under /proc.
    const cases: [string, RegExp][] = [
      ['/proc/jne-data', /DATA_DIR \(\/proc\/jne-data\) cannot be used: cannot create \/proc\/jne-data \(ENOENT\)/],
      ['/etc/hostname/data', /cannot create \/etc\/hostname\/data \(ENOTDIR\)/],
      ['/etc/hostname', /\/etc\/hostname is not a folder \(ENOTDIR\)/],
    ];
    for (const [dataDir, message] of cases) {
      const run = await jne(['db', 'status'], { DATA_DIR: dataDir });
      expect(run.code).toBe(2);
      expect(run.err).toMatch(message);
      expect(run.err).not.toMatch(/\n\s+at /);
    }
    const server = spawn(process.execPath, [path.resolve(import.meta.dirname, '../../dist/src/http/server.js')], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: '/proc/jne-data', PORT: '0' },
    });
    children.push(server);
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const code = await new Promise((resolve) => server.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^jne server: Invalid configuration: DATA_DIR \(\/proc\/jne-data\) cannot be used/);
    // A data folder that exists (from the template): a new one would first cost an initdb.
    const backupDataDir = path.join(tempDir(), 'data');
    await migratedDataDir(backupDataDir);
    const backup = await jne(['db', 'backup', '--out', '/proc/jne-data/b.tar.gz'], { DATA_DIR: backupDataDir });
    expect(backup.code).toBe(1);
    expect(backup.err).toContain(
      'The backup cannot be written to /proc/jne-data/b.tar.gz: cannot create /proc/jne-data (ENOENT)',
    );
  });

  it('the same process cannot open the folder twice, and release frees it', () => {
    const dataDir = tempDir();
    const lock = lockDataDir(dataDir, 'first');
    expect(() => lockDataDir(dataDir, 'second')).toThrow(DataDirBusyError);
    lock.release();
    lockDataDir(dataDir, 'third').release();
  });
});
