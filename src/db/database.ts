/**
 * Opens the shop's database: a PostgreSQL server when DATABASE_URL is set, otherwise the
 * embedded PGlite database in DATA_DIR. Both give the same Kysely instance type and the same
 * raw Session for the migrator, and parse values the same way (see session.ts).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { DataDirBusyError } from './data-dir-lock.js';
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
  /** Embedded only: the whole data directory as a gzipped tarball (a backup). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Who opens it, for the embedded lock file and the server's application_name. */
  command: string;
  /**
   * Why this command needs the embedded database alone (a restore, a rollback): set, it refuses
   * to run through a shop that holds the database. Unset, it runs through the shop, and says so.
   */
  exclusive?: string;
  /** Where to say that the command runs through the shop. */
  notice?: (line: string) => void;
}

export async function openDatabase(config: Config, options: OpenOptions): Promise<Database> {
  if (config.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(config.databaseUrl, options.command);
  }
  const { openEmbedded } = await import('./embedded.js');
  try {
    return await openEmbedded({ dataDir: config.dataDir, command: options.command });
  } catch (error) {
    if (!(error instanceof DataDirBusyError) || error.ownerCommand !== 'server') throw error;
    return openThroughShop(config.dataDir, error, options);
  }
}

/** The shop holds the embedded database: the command runs through the shop's local socket. */
async function openThroughShop(dataDir: string, busy: DataDirBusyError, options: OpenOptions): Promise<Database> {
  if (options.exclusive) {
    throw new DataDirBusyError(
      dataDir,
      busy.ownerPid,
      busy.ownerCommand,
      busy.lockFile,
      `${options.command} needs the embedded database alone (${options.exclusive}): stop the shop (process ${busy.ownerPid}) first`,
    );
  }
  const { connectThroughShop } = await import('./local-access/client.js');
  const { localSocketPath } = await import('./local-access/server.js');
  let database: Database;
  try {
    database = await connectThroughShop(
      localSocketPath(dataDir),
      `embedded database in ${dataDir}, through the shop (process ${busy.ownerPid})`,
    );
  } catch {
    throw busy; // a shop without the socket (an older version, or still starting)
  }
  (options.notice ?? ((line) => process.stderr.write(line + '\n')))(
    `jne: the shop (process ${busy.ownerPid}) holds the embedded database in ${dataDir}: running through it.`,
  );
  return database;
}
