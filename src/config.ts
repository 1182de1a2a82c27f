/**
 * The one place configuration is read and validated. Everything else receives a `Config`.
 * A bad value stops start-up with a message naming the variable and what was wrong.
 */
import path from 'node:path';

export interface Config {
  /** PostgreSQL server URL; undefined means the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  backupDir: string;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Apply pending migrations when the server starts (always on for the embedded database). */
  migrateOnStart: boolean;
  migration: MigrationSettings;
}

export interface MigrationSettings {
  /** SET lock_timeout for each migration, in milliseconds. */
  lockTimeoutMs: number;
  /** SET statement_timeout for each migration, in milliseconds. */
  statementTimeoutMs: number;
  /** How many times a migration is retried after a lock timeout or deadlock. */
  retries: number;
  /** First backoff between retries, doubled each time, in milliseconds. */
  retryBackoffMs: number;
  /** How long a deploy waits for another deploy's advisory lock, in milliseconds. */
  advisoryLockWaitMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const dataDir = path.resolve(cwd, text(env, 'DATA_DIR') ?? 'data');
  return {
    databaseUrl: databaseUrl(env, 'DATABASE_URL'),
    dataDir,
    backupDir: path.resolve(cwd, text(env, 'BACKUP_DIR') ?? 'backups'),
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: text(env, 'HOST') ?? '127.0.0.1',
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    migrateOnStart: boolean(env, 'MIGRATE_ON_START', false),
    migration: {
      lockTimeoutMs: integer(env, 'MIGRATION_LOCK_TIMEOUT_MS', 5_000, 1, 600_000),
      statementTimeoutMs: integer(env, 'MIGRATION_STATEMENT_TIMEOUT_MS', 300_000, 1, 86_400_000),
      retries: integer(env, 'MIGRATION_RETRIES', 3, 0, 20),
      retryBackoffMs: integer(env, 'MIGRATION_RETRY_BACKOFF_MS', 1_000, 0, 600_000),
      advisoryLockWaitMs: integer(env, 'MIGRATION_ADVISORY_LOCK_WAIT_MS', 30_000, 0, 3_600_000),
    },
  };
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function databaseUrl(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL (expected postgres://user@host:5432/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  return raw;
}
