/**
 * The migration procedure of the runbook, automated: status, dry run, migrate, rollback,
 * baseline. Each migration runs in one transaction with lock_timeout and statement_timeout,
 * its verification checks run before COMMIT, and its history row is written in the same
 * transaction. A session-level advisory lock keeps two deploys from racing.
 */
import type { MigrationSettings } from '../../config.js';
import type { Database } from '../database.js';
import type { Session } from '../session.js';
import { SQLSTATE, hasSqlState } from '../sqlstate.js';
import { diagnose } from './diagnose.js';
import { historyDifferences, type HistoryDifference } from './drift.js';
import { MigrationError } from './errors.js';
import type { MigrationFile } from './files.js';
import { ensureHistoryTable, forgetApplied, readHistory, recordApplied, type AppliedMigration } from './history.js';
import { diffSchemas, readSchema, type SchemaChanges } from './introspect.js';
import {
  advisoryLockHolders,
  advisoryUnlock,
  backendPid,
  blockersOf,
  describeSession,
  tryAdvisoryLock,
  type SessionInfo,
} from './sessions.js';
import { parseChecks, runChecks, type CheckResult } from './verify.js';

export type MigrationEvent =
  | { type: 'waiting_for_deploy_lock'; holders: SessionInfo[] }
  | { type: 'applying'; id: string; attempt: number }
  | { type: 'applied'; id: string; ms: number; checks: CheckResult[] }
  | { type: 'rolling_back'; id: string; attempt: number }
  | { type: 'rolled_back'; id: string; ms: number; checks: CheckResult[] }
  | { type: 'blocked'; id: string; blockers: SessionInfo[] }
  | { type: 'retrying'; id: string; attempt: number; delayMs: number; sqlstate: string };

export type Reporter = (event: MigrationEvent) => void;

export interface MigrationState {
  version: string;
  id: string;
  state: 'applied' | 'pending' | 'changed' | 'missing_file';
  checksum: string;
  appliedChecksum?: string;
  appliedAt?: Date;
  executionMs?: number;
  appliedBy?: string;
}

export interface DryRunResult {
  id: string;
  changes: SchemaChanges;
  rowsInserted: Record<string, number>;
  checks: CheckResult[];
}

export class Migrator {
  constructor(
    private readonly database: Database,
    private readonly migrations: MigrationFile[],
    private readonly settings: MigrationSettings,
    private readonly report: Reporter = () => {},
  ) {}

  async status(): Promise<MigrationState[]> {
    return this.database.withSession(async (session) => describeState(this.migrations, await readHistory(session)));
  }

  async pending(): Promise<MigrationFile[]> {
    const states = await this.status();
    return this.migrations.filter((m) => states.find((s) => s.version === m.version)?.state === 'pending');
  }

  /** Applies pending migrations up to `to` (inclusive). Returns the ids applied. */
  async migrate(options: { to?: string } = {}): Promise<string[]> {
    return this.underDeployLock(async (session) => {
      await ensureHistoryTable(session);
      const todo = this.pendingOf(await readHistory(session), options.to);
      const applied: string[] = [];
      for (const migration of todo) {
        await this.withRetries(session, migration.id, runOf(migration), 'applying', async () => {
          const started = performance.now();
          await session.exec(migration.sql);
          const checks = await this.checksOf(session, migration.verifySql, `${migration.id}.verify.sql`);
          failOnChecks(migration.id, checks, 'apply');
          await recordApplied(session, migration, performance.now() - started);
          return () => this.report({ type: 'applied', id: migration.id, ms: performance.now() - started, checks });
        });
        applied.push(migration.id);
      }
      return applied;
    });
  }

  /** Applies pending migrations in one transaction, reports what they create, and rolls back. */
  async dryRun(options: { to?: string } = {}): Promise<{ results: DryRunResult[]; unchanged: boolean }> {
    return this.underDeployLock(async (session) => {
      const history = await readHistory(session);
      const todo = this.pendingOf(history, options.to);
      const untouched = await readSchema(session);
      const results: DryRunResult[] = [];
      await session.exec('begin');
      try {
        await setTimeouts(session, this.settings);
        for (const migration of todo) {
          const before = await readSchema(session);
          const insertsBefore = await rowsInsertedInTransaction(session);
          try {
            await session.exec(migration.sql);
          } catch (error) {
            await session.exec('rollback');
            throw await diagnose(session, { ...runOf(migration), pid: await backendPid(session), attempts: 1 }, error);
          }
          const after = await readSchema(session);
          const insertsAfter = await rowsInsertedInTransaction(session);
          results.push({
            id: migration.id,
            changes: diffSchemas(before, after),
            rowsInserted: subtractCounts(insertsAfter, insertsBefore),
            checks: await this.checksOf(session, migration.verifySql, `${migration.id}.verify.sql`),
          });
        }
      } finally {
        await session.exec('rollback').catch(() => {});
      }
      const changes = diffSchemas(untouched, await readSchema(session));
      const unchanged = Object.values(changes).every((list) => list.length === 0);
      return { results, unchanged };
    });
  }

  /** Rolls back applied migrations newest first, down to (not including) `to`; default: the newest one. */
  async rollback(options: { to?: string } = {}): Promise<string[]> {
    return this.underDeployLock(async (session) => {
      const history = await readHistory(session);
      this.refuseChangedFiles(history);
      const applied = history
        .map((h) => h.version)
        .sort()
        .reverse();
      const targets = options.to === undefined ? applied.slice(0, 1) : applied.filter((v) => v > options.to!);
      if (targets.length === 0)
        throw new MigrationError('nothing_to_do', 'Nothing to roll back: no migration is applied above the target.');
      const rolledBack: string[] = [];
      for (const version of targets) {
        const migration = this.migrations.find((m) => m.version === version)!;
        await this.withRetries(
          session,
          `${migration.id} (rollback)`,
          { file: migration.rollbackFile, sql: migration.rollbackSql, firstLine: migration.rollbackSqlFirstLine },
          'rolling_back',
          async () => {
            const started = performance.now();
            await session.exec(migration.rollbackSql);
            const checks = await this.checksOf(
              session,
              migration.rollbackVerifySql,
              `${migration.id}_rollback.verify.sql`,
            );
            failOnChecks(migration.id, checks, 'rollback');
            await forgetApplied(session, version);
            return () =>
              this.report({ type: 'rolled_back', id: migration.id, ms: performance.now() - started, checks });
          },
        );
        rolledBack.push(migration.id);
      }
      return rolledBack;
    });
  }

  /**
   * Records migrations up to `version` as applied without running them, for a database where
   * they were applied by hand. Refused unless each one's verification checks pass.
   */
  async baseline(version: string): Promise<string[]> {
    return this.underDeployLock(async (session) => {
      await ensureHistoryTable(session);
      const todo = this.pendingOf(await readHistory(session), version);
      const recorded: string[] = [];
      await session.exec('begin');
      try {
        for (const migration of todo) {
          const checks = await this.checksOf(session, migration.verifySql, `${migration.id}.verify.sql`);
          failOnChecks(migration.id, checks, 'baseline');
          await recordApplied(session, migration, 0);
          recorded.push(migration.id);
        }
        await session.exec('commit');
      } catch (error) {
        await session.exec('rollback').catch(() => {});
        throw error;
      }
      return recorded;
    });
  }

  /** Where schema_migrations and the database's objects disagree (drift.ts). */
  async differences(): Promise<HistoryDifference[]> {
    return this.database.withSession(async (session) =>
      historyDifferences(session, this.migrations, await readHistory(session)),
    );
  }

  /**
   * Removes the history row of a migration whose rollback was run by hand without removing it.
   * Refused unless it is the newest one recorded and its rollback checks pass.
   */
  async forget(version: string): Promise<string> {
    return this.underDeployLock(async (session) => {
      const history = await readHistory(session);
      const row = history.find((h) => h.version === version);
      if (!row)
        throw new MigrationError('nothing_to_do', `schema_migrations has no migration ${version}: nothing to forget.`);
      const id = `${row.version}_${row.name}`;
      const later = history.filter((h) => h.version > version).map((h) => `${h.version}_${h.name}`);
      if (later.length > 0) {
        throw new MigrationError(
          'later_applied',
          `${id} cannot be forgotten while later migrations are recorded: ${later.join(', ')}. Forget them first, newest first.`,
          id,
        );
      }
      const migration = this.migrations.find((m) => m.version === version);
      await session.exec('begin');
      try {
        const checks = await this.checksOf(session, migration?.rollbackVerifySql, `${id}_rollback.verify.sql`);
        const failed = checks.filter((c) => !c.ok);
        if (!migration || checks.length === 0 || failed.length > 0) {
          throw new MigrationError(
            'verify_failed',
            `${id} is not rolled back: ${failed.map((c) => `${c.description}: ${c.detail}`).join('; ') || 'it has no rollback checks'}. ` +
              `Nothing was forgotten; roll it back with jne db rollback.`,
            id,
          );
        }
        await forgetApplied(session, version);
        await session.exec('commit');
      } catch (error) {
        await session.exec('rollback').catch(() => {});
        throw error;
      }
      return id;
    });
  }

  /** The verification checks of every applied migration (or one), as they stand now. */
  async verify(options: { version?: string } = {}): Promise<{ id: string; checks: CheckResult[] }[]> {
    return this.database.withSession(async (session) => {
      const history = await readHistory(session);
      const applied = new Set(history.map((h) => h.version));
      const chosen = this.migrations.filter((m) =>
        options.version === undefined ? applied.has(m.version) : m.version === options.version,
      );
      if (options.version !== undefined && chosen.length === 0) {
        throw new MigrationError('missing_file', `No migration numbered ${options.version} in database/migrations.`);
      }
      const out: { id: string; checks: CheckResult[] }[] = [];
      for (const m of chosen)
        out.push({ id: m.id, checks: await this.checksOf(session, m.verifySql, `${m.id}.verify.sql`, false) });
      return out;
    });
  }

  private pendingOf(history: AppliedMigration[], to: string | undefined): MigrationFile[] {
    this.refuseChangedFiles(history);
    if (to !== undefined && !this.migrations.some((m) => m.version === to)) {
      throw new MigrationError('missing_file', `No migration numbered ${to} in database/migrations.`);
    }
    const applied = new Set(history.map((h) => h.version));
    return this.migrations.filter((m) => !applied.has(m.version) && (to === undefined || m.version <= to));
  }

  private refuseChangedFiles(history: AppliedMigration[]): void {
    for (const state of describeState(this.migrations, history)) {
      if (state.state === 'changed') {
        throw new MigrationError(
          'checksum_mismatch',
          `database/migrations/${state.id}.sql has changed since it was applied on ${state.appliedAt?.toISOString()}: ` +
            `recorded sha256 ${state.appliedChecksum?.slice(0, 12)}…, the file is now ${state.checksum.slice(0, 12)}…. ` +
            `An applied migration must never be edited: restore the file from version control ` +
            `and put the change in a new migration.`,
          state.id,
        );
      }
      if (state.state === 'missing_file') {
        throw new MigrationError(
          'missing_file',
          `The database has migration ${state.id} applied, but database/migrations has no such file: ` +
            `this code is older than the database. Deploy the code that contains it.`,
          state.id,
        );
      }
    }
  }

  private async underDeployLock<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    return this.database.withSession(async (session) => {
      const deadline = Date.now() + this.settings.advisoryLockWaitMs;
      let told = false;
      while (!(await tryAdvisoryLock(session))) {
        const holders = await advisoryLockHolders(session);
        if (!told) {
          this.report({ type: 'waiting_for_deploy_lock', holders });
          told = true;
        }
        if (Date.now() >= deadline) {
          throw new MigrationError(
            'deploy_in_progress',
            `Another deploy is migrating this database and holds the migration lock` +
              `${holders.length ? `: ${holders.map(describeSession).join(' | ')}` : ''}. ` +
              `Waited ${Math.round(this.settings.advisoryLockWaitMs / 1000)} s. Nothing was changed; try again when it has finished.`,
          );
        }
        await sleep(Math.min(250, Math.max(0, deadline - Date.now())));
      }
      try {
        return await fn(session);
      } finally {
        await advisoryUnlock(session).catch(() => {});
      }
    }, 'jne db migrate');
  }

  /**
   * Runs `work` in a transaction with the timeouts set; retries with backoff on a lock timeout
   * or deadlock, naming the blocking sessions while it waits; diagnoses any other failure.
   */
  private async withRetries(
    session: Session,
    id: string,
    script: { file: string; sql: string; firstLine: number },
    phase: 'applying' | 'rolling_back',
    work: () => Promise<() => void>,
  ): Promise<void> {
    const pid = await backendPid(session);
    for (let attempt = 1; ; attempt++) {
      this.report({ type: phase, id, attempt });
      const stopWatching = this.watchBlockers(id, pid);
      let done: (() => void) | undefined;
      try {
        await session.exec('begin');
        await setTimeouts(session, this.settings);
        done = await work();
        await session.exec('commit');
      } catch (error) {
        await session.exec('rollback').catch(() => {});
        if (error instanceof MigrationError) throw error;
        const retryable = hasSqlState(error, SQLSTATE.lockNotAvailable, SQLSTATE.deadlockDetected);
        if (retryable && attempt <= this.settings.retries) {
          const delayMs = this.settings.retryBackoffMs * 2 ** (attempt - 1);
          this.report({ type: 'retrying', id, attempt, delayMs, sqlstate: (error as { code: string }).code });
          await sleep(delayMs);
          continue;
        }
        throw await diagnose(session, { id, ...script, pid, attempts: attempt }, error);
      } finally {
        await stopWatching();
      }
      done();
      return;
    }
  }

  /** On a server, polls from a second connection for sessions blocking ours and reports them. */
  private watchBlockers(id: string, pid: number): () => Promise<void> {
    if (this.database.backend !== 'postgres') return async () => {};
    let stopped = false;
    // Stopping wakes the monitor from its pause: a migration's end never waits for the next poll.
    let wake = () => {};
    const pause = () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const seen = new Set<number>();
    const watching = this.database
      .withSession(async (monitor) => {
        while (!stopped) {
          await pause();
          if (stopped) break;
          const blockers = (await blockersOf(monitor, pid)).filter((b) => !seen.has(b.pid));
          if (blockers.length > 0) {
            blockers.forEach((b) => seen.add(b.pid));
            this.report({ type: 'blocked', id, blockers });
          }
        }
      }, 'jne db migrate (lock monitor)')
      .catch(() => {});
    return async () => {
      stopped = true;
      wake();
      await watching;
    };
  }

  private async checksOf(
    session: Session,
    source: string | undefined,
    file: string,
    inTransaction = true,
  ): Promise<CheckResult[]> {
    return source ? runChecks(session, parseChecks(source, file), inTransaction) : [];
  }
}

export function describeState(migrations: MigrationFile[], history: AppliedMigration[]): MigrationState[] {
  const byVersion = new Map(history.map((h) => [h.version, h]));
  const states: MigrationState[] = migrations.map((m) => {
    const h = byVersion.get(m.version);
    if (!h) return { version: m.version, id: m.id, state: 'pending', checksum: m.checksum };
    return {
      version: m.version,
      id: m.id,
      state: h.checksum === m.checksum ? 'applied' : 'changed',
      checksum: m.checksum,
      appliedChecksum: h.checksum,
      appliedAt: h.applied_at,
      executionMs: h.execution_ms,
      appliedBy: h.applied_by,
    };
  });
  for (const h of history) {
    if (!migrations.some((m) => m.version === h.version)) {
      states.push({
        version: h.version,
        id: `${h.version}_${h.name}`,
        state: 'missing_file',
        checksum: '',
        appliedChecksum: h.checksum,
        appliedAt: h.applied_at,
        executionMs: h.execution_ms,
        appliedBy: h.applied_by,
      });
    }
  }
  return states.sort((a, b) => a.version.localeCompare(b.version));
}

function failOnChecks(id: string, checks: CheckResult[], what: 'apply' | 'rollback' | 'baseline'): void {
  const failed = checks.filter((c) => !c.ok);
  if (failed.length === 0) return;
  const list = failed.map((c) => `${c.description}: ${c.detail}`).join('; ');
  const undone = what === 'baseline' ? 'Nothing was recorded.' : `The ${what} of ${id} was rolled back.`;
  throw new MigrationError('verify_failed', `${id}: verification failed after ${what}: ${list}. ${undone}`, id);
}

async function setTimeouts(session: Session, settings: MigrationSettings): Promise<void> {
  // set_config(..., true) is SET LOCAL: the values end with the transaction.
  await session.query(`select set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)`, [
    `${settings.lockTimeoutMs}ms`,
    `${settings.statementTimeoutMs}ms`,
  ]);
}

async function rowsInsertedInTransaction(session: Session): Promise<Record<string, number>> {
  const { rows } = await session.query<{ name: string; inserted: number }>(
    `select relname as name, n_tup_ins::int8 as inserted from pg_stat_xact_user_tables where schemaname = 'public'`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.inserted]));
}

function subtractCounts(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [table, n] of Object.entries(after)) {
    const delta = n - (before[table] ?? 0);
    if (delta > 0) out[table] = delta;
  }
  return out;
}

function runOf(m: MigrationFile) {
  return { id: m.id, file: m.file, sql: m.sql, firstLine: m.sqlFirstLine };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
