/** startServer/close as server.ts uses them: a request in flight finishes before the database closes. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/http/start.js';
import { migratedDataDir } from '../support/databases.js';

describe('graceful shutdown', () => {
  let dataDir: string | undefined;
  afterEach(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets an in-flight request finish, then closes the database and frees the data folder', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-shutdown-'));
    // A migrated data folder: what is tested is the shutdown, not a first start (initdb, migrations).
    await migratedDataDir(dataDir);
    const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', DEMO_ON_FIRST_START: 'false' };
    const server = await startServer(loadConfig(env, dataDir), () => {});
    // Hold the embedded session so the request below is still running when shutdown starts.
    let release!: () => void;
    const held = server.database.withSession(() => new Promise<void>((resolve) => (release = resolve)));
    const request = fetch(`${server.url}/api/products?limit=1&offset=0`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = server.close();
    let closed = false;
    void closing.then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    release();
    await held;
    const response = await request;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { total: number }).total).toBe(0);
    await closing;
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    // The data folder is free again: a new server can open it.
    const again = await startServer(loadConfig(env, dataDir), () => {});
    await again.close();
  });
});
