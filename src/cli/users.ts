/** `jne users create --email E --password P --role admin|staff [--name N]` */
import type { Config } from '../config.js';
import { createUser } from '../auth/service.js';
import { openDatabase } from '../db/database.js';
import { EXIT } from './exit-codes.js';
import { parseOptions } from './args.js';
import { UsageError, type CliIO } from './io.js';

export async function usersCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create')
    throw new UsageError(`Unknown command "jne users ${sub ?? ''}". Run \`jne help\` for the list.`);
  const { values } = parseOptions(
    'jne users create',
    rest,
    { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
    ['email', 'password', 'role'],
  );
  const database = await openDatabase(config, { command: 'jne users create', notice: io.err });
  try {
    const user = await createUser(database.db, {
      email: values.email!,
      password: values.password!,
      role: values.role!,
      name: values.name ?? null,
    });
    io.out(`Created ${user.role} user ${user.email} (id ${user.id}). Log in with POST /api/auth/login.`);
    return EXIT.ok;
  } finally {
    await database.close();
  }
}
