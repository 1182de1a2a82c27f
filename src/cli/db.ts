/** `jne db ...`: the migration runbook as commands, on either backend. */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { backupDatabase, defaultBackupFile } from '../db/backup.js';
import { openDatabase, type Database } from '../db/database.js';
import { MigrationError } from '../db/migrations/errors.js';
import { EXIT } from './exit-codes.js';
import { loadMigrations } from '../db/migrations/files.js';
import { readSchema, renderSchema } from '../db/migrations/introspect.js';
import { Migrator, type MigrationEvent } from '../db/migrations/migrator.js';
import { describeSession } from '../db/migrations/sessions.js';
import type { CheckResult } from '../db/migrations/verify.js';
import { UsageError, type CliIO } from './io.js';
import { printDryRun, printStatus } from './db-output.js';
import { restoreCommand } from './db-restore.js';

type Options = Record<string, string | boolean | undefined>;

export async function dbCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  const spec = SPECS[sub ?? ''];
  if (!spec) throw new UsageError(`Unknown command "jne db ${sub ?? ''}". Run \`jne help\` for the list.`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: spec.options, allowPositionals: spec.positionals > 0, strict: true });
  } catch (error) {
    throw new UsageError(`jne db ${sub}: ${(error as Error).message}`);
  }
  if (parsed.positionals.length !== spec.positionals) {
    throw new UsageError(`jne db ${sub} expects ${spec.positionals === 0 ? 'no arguments' : spec.usage}`);
  }
  const options = parsed.values as Options;
  for (const flag of ['to', 'version']) {
    const value = options[flag];
    if (typeof value === 'string' && !/^\d{1,3}$/.test(value)) {
      throw new UsageError(`--${flag} takes a migration number like 005, got "${value}"`);
    }
    if (typeof value === 'string') options[flag] = value.padStart(3, '0');
  }
  if (sub === 'restore') {
    return restoreCommand(
      parsed.positionals[0]!,
      { yes: options.yes === true, force: options.force === true },
      config,
      io,
    );
  }
  if ((sub === 'baseline' || sub === 'forget') && !/^\d{1,3}$/.test(parsed.positionals[0]!)) {
    throw new UsageError(`jne db ${sub} takes a migration number like 005`);
  }

  const database = await openDatabase(config, {
    command: `jne db ${sub}`,
    notice: io.err,
    ...(sub === 'rollback' ? { exclusive: 'a rollback removes tables the running shop uses' } : {}),
  });
  try {
    const json = options.json === true;
    const migrator = new Migrator(database, loadMigrations(), config.migration, json ? () => {} : printEvent(io));
    try {
      return await spec.run({ database, migrator, options, positionals: parsed.positionals, config, io });
    } catch (error) {
      if (json && error instanceof MigrationError) {
        io.out(
          JSON.stringify({
            ok: false,
            error: { failure: error.failure, migration: error.migration, message: error.message },
          }),
        );
      }
      throw error;
    }
  } finally {
    await database.close();
  }
}

interface Context {
  database: Database;
  migrator: Migrator;
  options: Options;
  positionals: string[];
  config: Config;
  io: CliIO;
}

interface Spec {
  options: Record<string, { type: 'string' | 'boolean' }>;
  positionals: number;
  usage: string;
  run(ctx: Context): Promise<number>;
}

const JSON_FLAG = { json: { type: 'boolean' } } as const;

const SPECS: Record<string, Spec> = {
  status: {
    options: JSON_FLAG,
    positionals: 0,
    usage: '',
    async run({ database, migrator, options, io }) {
      const states = await migrator.status();
      const differences = await migrator.differences();
      if (options.json)
        io.out(
          JSON.stringify({ database: database.label, backend: database.backend, migrations: states, differences }),
        );
      else printStatus(io, database.label, states, differences);
      const broken = states.some((s) => s.state === 'changed' || s.state === 'missing_file');
      return broken || differences.length > 0 ? EXIT.failed : EXIT.ok;
    },
  },
  backup: {
    options: { out: { type: 'string' } },
    positionals: 0,
    usage: '',
    async run({ database, migrator, options, config, io }) {
      const next = (await migrator.pending())[0];
      const label = next ? `before_migration_${next.version}` : 'jneoutlet';
      const file = path.resolve(
        io.cwd,
        typeof options.out === 'string' ? options.out : defaultBackupFile(config.backupDir, database.backend, label),
      );
      const bytes = await backupDatabase(database, config.databaseUrl, file);
      io.out(`Backup of ${database.label} written to ${file} (${(bytes / 1024).toFixed(0)} KiB).`);
      io.out(`Restore it with: jne db restore ${file}`);
      return EXIT.ok;
    },
  },
  migrate: {
    options: { 'dry-run': { type: 'boolean' }, to: { type: 'string' }, ...JSON_FLAG },
    positionals: 0,
    usage: '',
    async run({ migrator, options, io }) {
      const to = options.to as string | undefined;
      if (options['dry-run']) {
        const result = await migrator.dryRun({ to });
        if (options.json) io.out(JSON.stringify({ ok: true, dryRun: true, ...result }));
        else printDryRun(io, result);
        const failed = result.results.some((r) => r.checks.some((c) => !c.ok));
        return failed || !result.unchanged ? EXIT.failed : EXIT.ok;
      }
      const applied = await migrator.migrate({ to });
      if (options.json) io.out(JSON.stringify({ ok: true, applied }));
      else
        io.out(
          applied.length === 0
            ? 'Nothing to migrate: the database is up to date.'
            : `Applied ${applied.length} migration(s).`,
        );
      return EXIT.ok;
    },
  },
  verify: {
    options: { version: { type: 'string' }, ...JSON_FLAG },
    positionals: 0,
    usage: '',
    async run({ migrator, options, io }) {
      const results = await migrator.verify({ version: options.version as string | undefined });
      const pending = options.version ? [] : (await migrator.pending()).map((m) => m.id);
      const ok = results.every((r) => r.checks.every((c) => c.ok));
      if (options.json) {
        io.out(JSON.stringify({ ok, migrations: results, pending }));
      } else {
        for (const r of results) printChecks(io, r.id, r.checks);
        if (results.length === 0) io.out('No migration is applied: nothing to verify.');
        if (pending.length > 0) io.out(`pending (not verified): ${pending.join(', ')}`);
        io.out(ok ? 'All checks passed.' : 'Some checks FAILED.');
      }
      return ok ? EXIT.ok : EXIT.failed;
    },
  },
  rollback: {
    options: { to: { type: 'string' }, ...JSON_FLAG },
    positionals: 0,
    usage: '',
    async run({ migrator, options, io }) {
      const rolledBack = await migrator.rollback({ to: options.to as string | undefined });
      if (options.json) io.out(JSON.stringify({ ok: true, rolledBack }));
      else io.out(`Rolled back ${rolledBack.length} migration(s): ${rolledBack.join(', ')}.`);
      return EXIT.ok;
    },
  },
  baseline: {
    options: {},
    positionals: 1,
    usage: 'a migration number, e.g. jne db baseline 005',
    async run({ migrator, positionals, io }) {
      const recorded = await migrator.baseline(positionals[0]!.padStart(3, '0'));
      io.out(
        recorded.length === 0
          ? 'Nothing to record: those migrations are already in schema_migrations.'
          : `Recorded as applied (checks passed, nothing was run): ${recorded.join(', ')}.`,
      );
      return EXIT.ok;
    },
  },
  forget: {
    options: {},
    positionals: 1,
    usage: 'a migration number, e.g. jne db forget 005',
    async run({ migrator, positionals, io }) {
      const id = await migrator.forget(positionals[0]!.padStart(3, '0'));
      io.out(`Removed ${id} from schema_migrations (its rollback checks pass): jne db migrate applies it again.`);
      return EXIT.ok;
    },
  },
  snapshot: {
    options: { out: { type: 'string' }, check: { type: 'boolean' } },
    positionals: 0,
    usage: '',
    async run({ database, migrator, options, io }) {
      const pending = await migrator.pending();
      if (pending.length > 0) {
        throw new UsageError(
          `${pending.length} migration(s) are pending on ${database.label} (${pending.map((m) => m.id).join(', ')}): ` +
            'the snapshot is of a fully migrated database. Run jne db migrate first, or npm run db:snapshot ' +
            '(which migrates a throwaway database).',
        );
      }
      const text = await database.withSession(async (s) => renderSchema(await readSchema(s)));
      const out = typeof options.out === 'string' ? path.resolve(io.cwd, options.out) : undefined;
      if (options.check) {
        if (!out) throw new UsageError('--check needs --out FILE to compare with');
        const same = fs.existsSync(out) && fs.readFileSync(out, 'utf8') === text;
        io.out(same ? `${out} matches the database.` : `${out} differs from the database: run npm run db:snapshot.`);
        return same ? EXIT.ok : EXIT.failed;
      }
      if (out) {
        fs.writeFileSync(out, text);
        io.out(`Schema snapshot written to ${out}.`);
      } else io.out(text);
      return EXIT.ok;
    },
  },
  restore: {
    options: { force: { type: 'boolean' }, yes: { type: 'boolean' } },
    positionals: 1,
    usage: 'a backup file: jne db restore FILE [--yes]',
    run: async () => EXIT.usage,
  },
};

export function printChecks(io: CliIO, id: string, checks: CheckResult[]): void {
  for (const c of checks) io.out(`${c.ok ? 'ok  ' : 'FAIL'} ${id}: ${c.description}: ${c.detail}`);
}

function printEvent(io: CliIO) {
  return (event: MigrationEvent) => {
    switch (event.type) {
      case 'waiting_for_deploy_lock':
        io.err(`Another deploy holds the migration lock; waiting. ${event.holders.map(describeSession).join(' | ')}`);
        break;
      case 'applying':
        if (event.attempt === 1) io.out(`Applying ${event.id} ...`);
        break;
      case 'rolling_back':
        if (event.attempt === 1) io.out(`Rolling back ${event.id} ...`);
        break;
      case 'applied':
      case 'rolled_back':
        io.out(`  done in ${event.ms.toFixed(0)} ms`);
        printChecks(io, event.id, event.checks);
        break;
      case 'blocked':
        io.err(`  waiting for a lock held by: ${event.blockers.map(describeSession).join(' | ')}`);
        break;
      case 'retrying':
        io.err(
          `  lock timeout (SQLSTATE ${event.sqlstate}) on attempt ${event.attempt}; nothing kept; retrying in ${(event.delayMs / 1000).toFixed(1)} s`,
        );
        break;
    }
  };
}
