/**
 * Verification is defined with each migration (NNN_name.verify.sql): a series of checks, each
 * a `-- check: description` line followed by one SELECT returning one row (ok boolean, detail text).
 */
import type { Session } from '../session.js';

export interface Check {
  description: string;
  sql: string;
}

export interface CheckResult {
  description: string;
  ok: boolean;
  detail: string;
}

export class VerifyFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'VerifyFileError';
  }
}

const CHECK_HEADER = /^--\s*check:\s*(.+)$/;

export function parseChecks(source: string, file: string): Check[] {
  const checks: Check[] = [];
  let current: { description: string; lines: string[] } | undefined;
  const finish = () => {
    if (!current) return;
    const sql = current.lines.join('\n').trim().replace(/;\s*$/, '');
    if (!sql) throw new VerifyFileError(file, `check "${current.description}" has no query`);
    checks.push({ description: current.description, sql });
  };
  for (const line of source.split('\n')) {
    const header = CHECK_HEADER.exec(line.trim());
    if (header) {
      finish();
      current = { description: header[1]!.trim(), lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  finish();
  if (checks.length === 0) throw new VerifyFileError(file, 'no "-- check:" sections found');
  return checks;
}

/** `inTransaction`: each check runs under a savepoint, so one that errors leaves the transaction usable. */
export async function runChecks(session: Session, checks: Check[], inTransaction: boolean): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    let rows: { ok: boolean | null; detail: string | null }[];
    try {
      rows = await runCheck(session, check.sql, inTransaction);
    } catch (error) {
      results.push({
        description: check.description,
        ok: false,
        detail: `the check failed to run: ${(error as Error).message}`,
      });
      continue;
    }
    const row = rows[0];
    results.push({
      description: check.description,
      ok: rows.length === 1 && row?.ok === true,
      detail: rows.length === 1 ? (row?.detail ?? '') : `expected one row, got ${rows.length}`,
    });
  }
  return results;
}

type CheckRow = { ok: boolean | null; detail: string | null };

async function runCheck(session: Session, sql: string, inTransaction: boolean): Promise<CheckRow[]> {
  if (!inTransaction) return (await session.query<CheckRow>(sql)).rows;
  await session.exec('savepoint jne_check');
  try {
    const { rows } = await session.query<CheckRow>(sql);
    await session.exec('release savepoint jne_check');
    return rows;
  } catch (error) {
    await session.exec('rollback to savepoint jne_check');
    throw error;
  }
}
