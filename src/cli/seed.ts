/** `jne seed --demo [--admin-password P]`: fill an empty shop with the demo catalog. */
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { EXIT } from './exit-codes.js';
import { seedDemo, ShopNotEmptyError, type DemoResult } from '../demo/seed.js';
import { loadCredentialsKey } from '../secrets.js';
import { parseOptions } from './args.js';
import { UsageError, type CliIO } from './io.js';
import { inTransaction } from '../db/transaction.js';

export async function seedCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const { values } = parseOptions('jne seed', argv, {
    demo: { type: 'boolean' },
    'admin-password': { type: 'string' },
  });
  if (!values.demo) throw new UsageError('jne seed needs --demo (the only data set there is)');
  const key = loadCredentialsKey(config);
  const database = await openDatabase(config, { command: 'jne seed', notice: io.err });
  try {
    const result = await inTransaction(database.db, (trx) =>
      seedDemo(trx, key, { adminPassword: values['admin-password'] }),
    );
    printDemo(result, database.label, io);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ShopNotEmptyError) {
      io.err(`error: ${error.message}`);
      return EXIT.failed;
    }
    throw error;
  } finally {
    await database.close();
  }
}

export function printDemo(result: DemoResult, where: string, io: Pick<CliIO, 'out'>): void {
  io.out(
    `Demo shop seeded in ${where}: ${result.categories} categories, ${result.products} products, ${result.suppliers} suppliers.`,
  );
  io.out(`Admin login: ${result.admin.email} / ${result.admin.password}`);
  io.out('Keep the password; it is not shown again. Log in with POST /api/auth/login.');
}
