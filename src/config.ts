/**
 * The one place configuration is read and validated. Everything else receives a `Config`.
 * A bad value stops start-up with a message naming the variable and what was wrong.
 */
import path from 'node:path';

export interface Config {
  /** STALE_FEED_CHECK_SECONDS: how often the server reprices products whose supplier feed went stale; 0 = never. */
  staleFeedCheckSeconds: number;
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
  http: HttpSettings;
  auth: AuthSettings;
  /** CREDENTIALS_KEY: 32-byte AES-256-GCM key for supplier credentials (embedded default: DATA_DIR/credentials.key). */
  credentialsKey: Buffer | undefined;
  shipping: ShippingSettings;
  /** Seed the demo shop when the embedded database starts empty (DEMO_ON_FIRST_START). */
  demoOnFirstStart: boolean;
  catalogImport: CatalogImportSettings;
  dispatch: DispatchSettings;
  mail: MailSettings;
  /**
   * REROUTE_ON_REJECTION: when a supplier rejects an order, or the live re-check finds it cannot
   * fill it, re-route its lines at once (true) or leave that to an operator (false).
   */
  rerouteOnRejection: boolean;
  performance: PerformanceSettings;
  routing: RoutingSettings;
  alerts: AlertSettings;
  /**
   * ALERT_DIGEST_TO: who gets the alarm digest, an e-mail after each scheduled evaluation that
   * lists the alarms opened since the last one (one address or a comma-separated list, sent
   * through SMTP_URL); empty = no digest.
   */
  alertDigestTo: string[];
}

/** Supplier performance: when it is recomputed, and when a rating counts. */
export interface PerformanceSettings {
  /**
   * PERFORMANCE_RECOMPUTE_CRON (5-field cron, UTC) or PERFORMANCE_RECOMPUTE_MINUTES (every N
   * minutes): the schedule of the recompute and alarm evaluation; null = off ("off").
   */
  recomputeCron: string | null;
  /** PERFORMANCE_MIN_ORDERS: fewer orders than this in a period keep the neutral rating. */
  minOrders: number;
}

export interface RoutingSettings {
  /** ROUTING_RATING_FLOOR: a supplier rated under this (0.00-5.00) is skipped; undefined = off. */
  ratingFloor: string | undefined;
}

/** The alarm rules' configured thresholds (a supplier's alert_thresholds override the first three). */
export interface AlertSettings {
  /** ALERT_SUBMIT_MINUTES: an auto-submit supplier order still unsent this long after the order. */
  submitMinutes: number;
  /** ALERT_ACK_HOURS: submitted and not acknowledged this long. */
  ackHours: number;
  /** ALERT_TRACKING_DAYS: shipped this long ago without a tracking number. */
  trackingDays: number;
  /** ALERT_RESERVATION_DAYS: own stock reserved by an order that has not moved for this long. */
  reservationDays: number;
}

/** Outgoing mail: purchase orders of suppliers whose order method is email. */
export interface MailSettings {
  /** SMTP_URL: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://...:465; undefined = no e-mail is sent. */
  smtpUrl: string | undefined;
  /** SMTP_FROM: the sender, an address or "Name <address>"; required with SMTP_URL. */
  from: string | undefined;
}

/** Sending supplier orders: the workers of this process, and how a send is timed and retried. */
export interface DispatchSettings {
  /** WORKERS: supplier orders this process sends at a time; 0 = API only (workers run elsewhere, `jne worker`). */
  workers: number;
  /** DISPATCH_TIMEOUT_MS: how long one call to a supplier may take. */
  timeoutMs: number;
  /** DISPATCH_MAX_ATTEMPTS: sends before a supplier order is given up as failed. */
  maxAttempts: number;
  /** DISPATCH_RETRY_BASE_MS, DISPATCH_RETRY_MAX_MS: the first backoff (doubling, with jitter) and its ceiling. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** DISPATCH_POLL_SECONDS: how often an idle worker looks for work. */
  pollSeconds: number;
  /** DISPATCH_RECOVERY_SECONDS: after this long, the send of a worker that died is taken over by another. */
  recoverySeconds: number;
}

/** The guard that refuses a supplier feed which looks broken, and the upload size. */
export interface CatalogImportSettings {
  /** CATALOG_GUARD_UNAVAILABLE_SHARE: refuse a full feed that would make more than this share (0-1) of the available items unavailable. */
  guardUnavailableShare: number;
  /** CATALOG_GUARD_COST_FACTOR: a cost "moves too much" when it grows or shrinks by more than this factor. */
  guardCostFactor: number;
  /** CATALOG_GUARD_COST_SHARE: refuse a feed that moves the cost of more than this share (0-1) of the known items too much. */
  guardCostShare: number;
  /** CATALOG_UPLOAD_LIMIT_BYTES: largest feed accepted by the upload route. */
  uploadLimitBytes: number;
  /** CATALOG_FEED_CONNECT_TIMEOUT_MS: a feed URL that gives no connection (or goes silent) this long fails. */
  feedConnectTimeoutMs: number;
  /** CATALOG_FEED_TIMEOUT_MS: the whole download of a feed URL, redirects included. */
  feedTimeoutMs: number;
  /** CATALOG_FEED_MAX_BYTES: largest feed downloaded from a URL. */
  feedMaxBytes: number;
  /** CATALOG_FEED_ALLOW_PRIVATE_HOSTS: fetch feeds from loopback and private networks too (default false). */
  feedAllowPrivateHosts: boolean;
}

export interface HttpSettings {
  /** CORS_ORIGINS: false = no cross-origin access, true = any origin, or a list of origins. */
  corsOrigins: boolean | string[];
  /** BODY_LIMIT_BYTES: largest accepted request body. */
  bodyLimitBytes: number;
  /**
   * TRUST_PROXY: behind a reverse proxy, take the client address from X-Forwarded-For (for the
   * login rate limit and the logs): true (any proxy), or the proxies' addresses. Default false.
   */
  trustProxy: boolean | string;
}

export interface AuthSettings {
  /** AUTH_SECRET: HMAC key for login tokens; required with DATABASE_URL (embedded default: DATA_DIR/secret.key). */
  secret: string | undefined;
  /** AUTH_TOKEN_TTL_SECONDS: lifetime of a login token. */
  tokenTtlSeconds: number;
  /** LOGIN_RATE_LIMIT: login attempts per client address and minute (all processes together). */
  loginRateLimitPerMinute: number;
  /** ORDER_LOOKUP_RATE_LIMIT: a customer's order lookups (number and e-mail) per client address and minute. */
  orderLookupRateLimitPerMinute: number;
}

export interface ShippingSettings {
  /** SHIPPING_FLAT_FEE: shipping charged per order, a decimal string. */
  flatFee: string;
  /** SHIPPING_FREE_OVER: subtotal from which shipping is free; undefined = never. */
  freeOver: string | undefined;
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
  const mail = mailSettings(env);
  const performance = {
    recomputeCron: recomputeCron(env),
    minOrders: integer(env, 'PERFORMANCE_MIN_ORDERS', 10, 1, 100_000),
  };
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
    http: {
      corsOrigins: corsOrigins(env, 'CORS_ORIGINS'),
      bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1_024, 104_857_600),
      trustProxy: trustProxy(env, 'TRUST_PROXY'),
    },
    auth: {
      secret: authSecret(env, 'AUTH_SECRET'),
      tokenTtlSeconds: integer(env, 'AUTH_TOKEN_TTL_SECONDS', 28_800, 60, 2_592_000),
      loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT', 10, 1, 10_000),
      orderLookupRateLimitPerMinute: integer(env, 'ORDER_LOOKUP_RATE_LIMIT', 30, 1, 100_000),
    },
    credentialsKey: aesKey(env, 'CREDENTIALS_KEY'),
    shipping: {
      flatFee: money(env, 'SHIPPING_FLAT_FEE') ?? '4.95',
      freeOver: text(env, 'SHIPPING_FREE_OVER') === 'never' ? undefined : (money(env, 'SHIPPING_FREE_OVER') ?? '50.00'),
    },
    demoOnFirstStart: boolean(env, 'DEMO_ON_FIRST_START', true),
    catalogImport: {
      guardUnavailableShare: ratio(env, 'CATALOG_GUARD_UNAVAILABLE_SHARE', 0.5),
      guardCostFactor: factor(env, 'CATALOG_GUARD_COST_FACTOR', 2),
      guardCostShare: ratio(env, 'CATALOG_GUARD_COST_SHARE', 0.5),
      uploadLimitBytes: integer(env, 'CATALOG_UPLOAD_LIMIT_BYTES', 52_428_800, 1_024, 1_073_741_824),
      feedConnectTimeoutMs: integer(env, 'CATALOG_FEED_CONNECT_TIMEOUT_MS', 10_000, 100, 600_000),
      feedTimeoutMs: integer(env, 'CATALOG_FEED_TIMEOUT_MS', 300_000, 100, 86_400_000),
      feedMaxBytes: integer(env, 'CATALOG_FEED_MAX_BYTES', 1_073_741_824, 1_024, 68_719_476_736),
      feedAllowPrivateHosts: boolean(env, 'CATALOG_FEED_ALLOW_PRIVATE_HOSTS', false),
    },
    staleFeedCheckSeconds: integer(env, 'STALE_FEED_CHECK_SECONDS', 900, 0, 86_400),
    dispatch: dispatchSettings(env),
    mail,
    rerouteOnRejection: boolean(env, 'REROUTE_ON_REJECTION', true),
    performance,
    routing: { ratingFloor: ratingFloor(env, 'ROUTING_RATING_FLOOR') },
    alerts: {
      submitMinutes: integer(env, 'ALERT_SUBMIT_MINUTES', 30, 1, 100_000),
      ackHours: integer(env, 'ALERT_ACK_HOURS', 24, 1, 10_000),
      trackingDays: integer(env, 'ALERT_TRACKING_DAYS', 2, 1, 365),
      reservationDays: integer(env, 'ALERT_RESERVATION_DAYS', 7, 1, 365),
    },
    alertDigestTo: alertDigestTo(env, 'ALERT_DIGEST_TO', mail, performance.recomputeCron),
  };
}

/** The digest's recipients; it goes out through SMTP_URL after the scheduled evaluation, so it needs both. */
function alertDigestTo(env: Env, name: string, mail: MailSettings, cron: string | null): string[] {
  const raw = text(env, name);
  if (raw === undefined) return [];
  const addresses = raw.split(',').map((a) => a.trim());
  for (const address of addresses) {
    if (!/^[^<>@\s",]+@[^<>@\s",]+$/.test(address)) {
      throw new ConfigError(
        name,
        `must be an address or a comma-separated list of addresses like ops@shop.example, got "${address}"`,
      );
    }
  }
  if (mail.smtpUrl === undefined) {
    throw new ConfigError(name, 'needs SMTP_URL (and SMTP_FROM): the alarm digest is sent through it');
  }
  if (cron === null) {
    throw new ConfigError(
      name,
      'needs the scheduled alarm evaluation, which sends the digest, and PERFORMANCE_RECOMPUTE_CRON is off',
    );
  }
  return [...new Set(addresses)];
}

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;

/** Every 15 minutes unless PERFORMANCE_RECOMPUTE_CRON or PERFORMANCE_RECOMPUTE_MINUTES says otherwise. */
function recomputeCron(env: Env): string | null {
  const cron = text(env, 'PERFORMANCE_RECOMPUTE_CRON');
  const minutes = text(env, 'PERFORMANCE_RECOMPUTE_MINUTES');
  if (cron !== undefined && minutes !== undefined) {
    throw new ConfigError('PERFORMANCE_RECOMPUTE_MINUTES', 'cannot be set together with PERFORMANCE_RECOMPUTE_CRON');
  }
  if (minutes !== undefined) return `*/${integer(env, 'PERFORMANCE_RECOMPUTE_MINUTES', 15, 1, 59)} * * * *`;
  if (cron === undefined) return '*/15 * * * *';
  if (cron === 'off') return null;
  const fields = cron.split(/\s+/);
  if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
    throw new ConfigError(
      'PERFORMANCE_RECOMPUTE_CRON',
      `must be a 5-field cron expression like "*/15 * * * *" (UTC) or off, got "${cron}"`,
    );
  }
  return fields.join(' ');
}

function ratingFloor(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw === undefined || raw === 'off') return undefined;
  if (!/^\d(\.\d{1,2})?$/.test(raw) || Number(raw) > 5) {
    throw new ConfigError(name, `must be a rating from 0 to 5 like 2.00, or off, got "${raw}"`);
  }
  return raw;
}

function mailSettings(env: Env): MailSettings {
  const smtpUrl = text(env, 'SMTP_URL');
  const from = text(env, 'SMTP_FROM');
  if (smtpUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(smtpUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
      throw new ConfigError('SMTP_URL', 'must be a URL like smtp://user:password@mail.example:587 or smtps://...:465');
    }
    if (from === undefined) throw new ConfigError('SMTP_FROM', 'is required with SMTP_URL (e.g. orders@shop.example)');
  }
  if (from !== undefined && !/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(from)) {
    throw new ConfigError('SMTP_FROM', `must be an address or "Name <address>", got "${from}"`);
  }
  return { smtpUrl, from };
}

function dispatchSettings(env: Env): DispatchSettings {
  const settings = {
    workers: integer(env, 'WORKERS', 4, 0, 64),
    timeoutMs: integer(env, 'DISPATCH_TIMEOUT_MS', 15_000, 100, 300_000),
    maxAttempts: integer(env, 'DISPATCH_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseMs: integer(env, 'DISPATCH_RETRY_BASE_MS', 2_000, 0, 3_600_000),
    retryMaxMs: integer(env, 'DISPATCH_RETRY_MAX_MS', 600_000, 0, 86_400_000),
    pollSeconds: integer(env, 'DISPATCH_POLL_SECONDS', 2, 1, 600),
    recoverySeconds: integer(env, 'DISPATCH_RECOVERY_SECONDS', 60, 1, 86_400),
  };
  if (settings.recoverySeconds * 1000 <= 2 * settings.timeoutMs) {
    throw new ConfigError(
      'DISPATCH_RECOVERY_SECONDS',
      `must be more than twice DISPATCH_TIMEOUT_MS (${settings.timeoutMs} ms): a send still under way is never taken over`,
    );
  }
  return settings;
}

/** A share between 0 and 1 like 0.5 (a ratio, not money: a float is fine). */
function ratio(env: Env, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || value <= 0 || value > 1) {
    throw new ConfigError(name, `must be a share above 0 and at most 1 like 0.5, got "${raw}"`);
  }
  return value;
}

function factor(env: Env, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || value <= 1 || value > 1000) {
    throw new ConfigError(name, `must be a factor above 1 like 2 (doubles or halves), got "${raw}"`);
  }
  return value;
}

function corsOrigins(env: Env, name: string): boolean | string[] {
  const raw = text(env, name);
  if (raw === undefined || raw === 'false') return false;
  if (raw === '*') return true;
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== origin) {
      throw new ConfigError(
        name,
        `must be *, false or a comma-separated list of origins like https://shop.example, got "${origin}"`,
      );
    }
  }
  return origins;
}

function trustProxy(env: Env, name: string): boolean | string {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^[0-9a-f.:/]+(\s*,\s*[0-9a-f.:/]+)*$/.test(raw)) return raw;
  throw new ConfigError(name, `must be true, false or the proxy addresses (10.0.0.1,10.0.0.0/8), got "${raw}"`);
}

function authSecret(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw !== undefined && raw.length < 32) {
    throw new ConfigError(name, `must be at least 32 characters (e.g. openssl rand -hex 32), got ${raw.length}`);
  }
  return raw;
}

function aesKey(env: Env, name: string): Buffer | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(name, 'must be 32 bytes as 64 hex digits or base64 (e.g. openssl rand -hex 32)');
  }
  return key;
}

function money(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,8}(\.\d{1,2})?$/.test(raw)) throw new ConfigError(name, `must be an amount like 4.95, got "${raw}"`);
  return raw;
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
