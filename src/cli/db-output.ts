/** Human-readable output of `jne db status` and `jne db migrate --dry-run`. */
import type { HistoryDifference } from '../db/migrations/drift.js';
import type { DryRunResult, MigrationState } from '../db/migrations/migrator.js';
import type { CliIO } from './io.js';

export function printStatus(
  io: CliIO,
  label: string,
  states: MigrationState[],
  differences: HistoryDifference[] = [],
): void {
  io.out(`Database: ${label}`);
  const width = Math.max(...states.map((s) => s.id.length), 10);
  for (const s of states) {
    const when = s.appliedAt ? s.appliedAt.toISOString().replace('T', ' ').slice(0, 19) : '';
    const state = {
      applied: `applied  ${when}  ${String(s.executionMs).padStart(5)} ms  by ${s.appliedBy}`,
      pending: 'pending',
      changed: `CHANGED since applied ${when}: recorded sha256 ${s.appliedChecksum?.slice(0, 12)}…`,
      missing_file: `applied ${when} but the file is MISSING from database/migrations`,
    }[s.state];
    io.out(`  ${s.id.padEnd(width)}  sha256 ${(s.checksum || s.appliedChecksum || '').slice(0, 12)}  ${state}`);
  }
  const broken = states.filter((s) => s.state === 'changed' || s.state === 'missing_file').length;
  if (broken > 0)
    io.out(
      `${broken} applied migration(s) changed or missing: migrate and rollback refuse until the files are restored.`,
    );
  for (const d of differences) io.out(`NOT AS RECORDED: ${d.message}`);
  const pending = states.filter((s) => s.state === 'pending').length;
  io.out(
    pending === 0
      ? 'Up to date.'
      : `${pending} pending migration(s): run \`jne db migrate --dry-run\`, then \`jne db migrate\`.`,
  );
}

export function printDryRun(io: CliIO, result: { results: DryRunResult[]; unchanged: boolean }): void {
  if (result.results.length === 0) io.out('Nothing to migrate: the database is up to date.');
  for (const r of result.results) {
    io.out(`Dry run of ${r.id} (inside a transaction that is rolled back):`);
    const list = (label: string, items: string[]) => {
      if (items.length > 0) io.out(`  ${label} (${items.length}): ${items.join(', ')}`);
    };
    list('tables created', r.changes.tablesCreated);
    list('columns added', r.changes.columnsAdded);
    list('indexes created', r.changes.indexesCreated);
    list('triggers created', r.changes.triggersCreated);
    list('functions created', r.changes.functionsCreated);
    list('tables dropped', r.changes.tablesDropped);
    list('columns dropped', r.changes.columnsDropped);
    list('indexes dropped', r.changes.indexesDropped);
    const rows = Object.entries(r.rowsInserted).map(([table, n]) => `${n} into ${table}`);
    io.out(`  rows inserted: ${rows.length > 0 ? rows.join(', ') : 'none'}`);
    for (const c of r.checks) io.out(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.description}: ${c.detail}`);
  }
  io.out(
    result.unchanged
      ? 'Rolled back: the database is exactly as it was. No errors.'
      : 'WARNING: the schema differs from before the dry run; something outside the transaction changed it.',
  );
}
