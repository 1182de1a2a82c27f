/**
 * `jne tokens create --name N --role R [--expires-days D]`, `jne tokens list`,
 * `jne tokens revoke ID|PREFIX`: long-lived API tokens for machines.
 */
import type { Config } from '../config.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/service.js';
import { withDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import { parseOptions } from './args.js';
import { UsageError, type CliIO } from './io.js';

export async function tokensCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'create') {
    const { values } = parseOptions(
      'jne tokens create',
      rest,
      {
        name: { type: 'string' },
        role: { type: 'string' },
        'expires-days': { type: 'string' },
        quiet: { type: 'boolean' },
      },
      ['name', 'role'],
    );
    const days = values['expires-days'];
    if (days !== undefined && !/^[1-9]\d{0,3}$/.test(days)) {
      throw new UsageError(`--expires-days takes a number of days from 1 to 9999, got "${days}"`);
    }
    return withDatabase(config, 'jne tokens create', io, async (db) => {
      const { token, record } = await createApiToken(db, {
        name: values.name!,
        role: values.role!,
        expiresInDays: days ? Number(days) : undefined,
      });
      if (values.quiet) {
        io.out(token);
      } else {
        io.out(`Created ${record.role} API token "${record.name}" (id ${record.id}). It is shown only this once:`);
        io.out(token);
        io.out(
          `Use it as: Authorization: Bearer ${token.slice(0, 12)}…   Revoke it with: jne tokens revoke ${record.id}`,
        );
      }
      return EXIT.ok;
    });
  }
  if (sub === 'list') {
    parseOptions('jne tokens list', rest, {});
    return withDatabase(config, 'jne tokens list', io, async (db) => {
      const tokens = await listApiTokens(db);
      if (tokens.length === 0) io.out('No API tokens.');
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'active';
        io.out(
          `${String(t.id).padStart(4)}  ${t.prefix}…  ${t.role.padEnd(5)}  ${t.name}  (${state}, last used ${t.lastUsedAt ?? 'never'})`,
        );
      }
      return EXIT.ok;
    });
  }
  if (sub === 'revoke') {
    const { positionals } = parseOptions('jne tokens revoke', rest, {});
    const ref = positionals[0];
    if (positionals.length !== 1 || !ref)
      throw new UsageError('jne tokens revoke takes the token id or its prefix (jne tokens list)');
    return withDatabase(config, 'jne tokens revoke', io, async (db) => {
      const revoked = await revokeApiToken(
        db,
        /^\d+$/.test(ref) ? { id: Number(ref) } : { prefix: ref.replace(/…$/, '') },
      );
      for (const t of revoked) io.out(`Revoked API token ${t.id} "${t.name}" (${t.prefix}…).`);
      return EXIT.ok;
    });
  }
  throw new UsageError(`Unknown command "jne tokens ${sub ?? ''}". Run \`jne help\` for the list.`);
}
