/**
 * Opens the shop's database: a PostgreSQL server when DATABASE_URL is set, otherwise the
 * embedded PGlite database in DATA_DIR. Both give the same Kysely instance type and the same
 * raw Session for the migrator, and parse values the same way (see session.ts).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Session } from './session.js';
import type { DB } from './types.js';

export type Backend = 'embedded' | 'postgres';

export interface Database {
  readonly backend: Backend;
  /** Where the data lives, safe to print (no password). */
  readonly label: string;
  readonly db: Kysely<DB>;
  /** Runs `fn` on a connection of its own (embedded: the single session, exclusively). */
  withSession<T>(fn: (session: Session) => Promise<T>, applicationName?: string): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Who opens it, for the embedded lock file and the server's application_name. */
  command: string;
}

export async function openDatabase(config: Config, options: OpenOptions): Promise<Database> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(config.databaseUrl, options.command);
  }
  const { openEmbedded } = await import('./embedded.js');
  return openEmbedded({ dataDir: config.dataDir, command: options.command });
}
