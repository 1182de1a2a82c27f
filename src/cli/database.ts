/**
 * A command's database for the length of `fn`: the PostgreSQL server, the embedded database, or,
 * when a running shop holds the embedded one, the shop's (the command says so on stderr).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import type { DB } from '../db/types.js';
import type { CliIO } from './io.js';

export async function withDatabase<T>(
  config: Config,
  command: string,
  io: Pick<CliIO, 'err'>,
  fn: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(config, { command, notice: io.err });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}
