/**
 * The database a `jne` command under test points at, on each backend: an embedded data folder
 * holding a migrated database (loaded from the run's template), or a migrated database of its own
 * on the server; `withDb` runs test code on it (on the embedded one, while no command holds it).
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import type { DB } from '../../src/db/types.js';
import { tempDir } from './cli.js';
import { migratedDataDir, migratedDatabase, type BackendName } from './databases.js';

export interface CliTarget {
  env: Record<string, string | undefined>;
  withDb<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

/** `settings`: more environment for every command (USER, thresholds, ...). */
export async function cliTarget(backend: BackendName, settings: Record<string, string> = {}): Promise<CliTarget> {
  if (backend === 'embedded') {
    const env = { DATA_DIR: path.join(tempDir(), 'data'), ...settings };
    await migratedDataDir(env.DATA_DIR);
    return {
      env,
      async withDb(fn) {
        const database = await openDatabase(loadConfig(env), { command: 'test' });
        try {
          return await fn(database.db);
        } finally {
          await database.close();
        }
      },
      dispose: async () => {},
    };
  }
  const database = await migratedDatabase('postgres');
  return {
    env: { DATABASE_URL: database.url!, ...settings },
    withDb: (fn) => fn(database.db),
    dispose: () => database.dispose(),
  };
}
