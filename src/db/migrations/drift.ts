/**
 * Where schema_migrations and the database disagree: a migration recorded as applied whose
 * objects are gone (rolled back by hand without removing its row), or one applied by hand and never
 * recorded. Each migration's own checks decide, and each difference names the command that repairs
 * the history.
 */
import type { Session } from '../session.js';
import type { MigrationFile } from './files.js';
import type { AppliedMigration } from './history.js';
import { parseChecks, runChecks, type CheckResult } from './verify.js';

export interface HistoryDifference {
  version: string;
  id: string;
  kind: 'rolled_back_by_hand' | 'recorded_but_checks_fail' | 'applied_by_hand';
  message: string;
}

export async function historyDifferences(
  session: Session,
  migrations: MigrationFile[],
  history: AppliedMigration[],
): Promise<HistoryDifference[]> {
  const recorded = new Set(history.map((h) => h.version));
  const differences: HistoryDifference[] = [];
  for (const m of migrations) {
    const applied = await allPass(session, m.verifySql, `${m.id}.verify.sql`);
    if (recorded.has(m.version) && applied !== true) {
      const rolledBack = await allPass(session, m.rollbackVerifySql, `${m.id}_rollback.verify.sql`);
      differences.push(
        rolledBack === true
          ? {
              version: m.version,
              id: m.id,
              kind: 'rolled_back_by_hand',
              message:
                `${m.id} is recorded as applied, but its rollback checks pass: it was rolled back by hand and ` +
                `its history row stayed. Record that with jne db forget ${m.version} (newest first).`,
            }
          : {
              version: m.version,
              id: m.id,
              kind: 'recorded_but_checks_fail',
              message:
                `${m.id} is recorded as applied, but its checks fail (${failedList(applied)}): ` +
                `jne db verify --version ${m.version} shows them.`,
            },
      );
    } else if (!recorded.has(m.version) && applied === true) {
      differences.push({
        version: m.version,
        id: m.id,
        kind: 'applied_by_hand',
        message: `${m.id} is not recorded, but its checks pass: it was applied by hand. Record it with jne db baseline ${m.version}.`,
      });
    }
  }
  return differences;
}

/** true when every check passes; the failed checks otherwise; undefined when there are none. */
async function allPass(
  session: Session,
  source: string | undefined,
  file: string,
): Promise<true | CheckResult[] | undefined> {
  if (!source) return undefined;
  const results = await runChecks(session, parseChecks(source, file), false);
  const failed = results.filter((r) => !r.ok);
  return failed.length === 0 ? true : failed;
}

function failedList(result: true | CheckResult[] | undefined): string {
  if (result === undefined || result === true) return 'it has no checks';
  return result.map((c) => c.description).join('; ');
}
