/** How the embedded database starts for each kind of process (see startParams in embedded.ts). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/embedded.js';
import { tempDir } from '../support/cli.js';
import { migratedDataDir } from '../support/databases.js';

async function sharedBuffers(dataDir: string, command: string): Promise<string> {
  const database = await openEmbedded({ dataDir, command });
  try {
    const { rows } = await database.pglite.query<{ shared_buffers: string }>('show shared_buffers');
    return rows[0]!.shared_buffers;
  } finally {
    await database.close();
  }
}

describe('embedded database start', () => {
  it('a jne command runs with 16MB of shared buffers, the shop and the worker with PostgreSQL default', async () => {
    const dataDir = path.join(tempDir(), 'data');
    await migratedDataDir(dataDir);
    // The test templates set 16MB for every test database (postgresql.auto.conf); a shop's data
    // folder has no such setting.
    const setup = await openEmbedded({ dataDir, command: 'test' });
    await setup.pglite.exec('ALTER SYSTEM RESET shared_buffers');
    await setup.close();

    expect(await sharedBuffers(dataDir, 'server')).toBe('128MB');
    expect(await sharedBuffers(dataDir, 'jne worker')).toBe('128MB');
    expect(await sharedBuffers(dataDir, 'jne db status')).toBe('16MB');
    expect(await sharedBuffers(dataDir, 'jne catalog import')).toBe('16MB');
  });
});
