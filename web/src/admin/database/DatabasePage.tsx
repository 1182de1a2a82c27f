import { useQuery } from '@tanstack/react-query';
import { call, staffApi, type JsonOf } from '../../api';
import type { paths } from '../../api/schema.js';
import { QueryView } from '../../ui/states';
import { AdminOnlyPage } from '../role';

type Status = JsonOf<paths['/api/admin/database/status']['get']['responses'][200]>;
type Verify = JsonOf<paths['/api/admin/database/verify']['get']['responses'][200]>;

const stateLabels: Record<Status['migrations'][number]['state'], string> = {
  applied: 'Applied',
  pending: 'Pending',
  changed: 'File changed since applied',
  missing_file: 'Applied, file missing',
};

/** Read-only: what `jne db status` and `jne db verify` print. Changes go through the jne commands. */
export function DatabasePage() {
  return (
    <AdminOnlyPage>
      <DatabaseReport />
    </AdminOnlyPage>
  );
}

function DatabaseReport() {
  const status = useQuery({
    queryKey: ['database', 'status'],
    queryFn: ({ signal }) => call(staffApi.GET('/api/admin/database/status', { signal })),
  });
  const verify = useQuery({
    queryKey: ['database', 'verify'],
    queryFn: ({ signal }) => call(staffApi.GET('/api/admin/database/verify', { signal })),
  });
  return (
    <section>
      <h1>Database</h1>
      <p className="muted">
        Read-only: <code>jne db status</code> and <code>jne db verify</code>. Migrate, back up and roll back with the{' '}
        <code>jne db</code> commands.
      </p>
      <QueryView query={status} loading="Reading the migration history…">
        {(s) => <StatusReport status={s} />}
      </QueryView>
      <h2>Checks</h2>
      <QueryView query={verify} loading="Running the checks…">
        {(v) => <VerifyReport verify={v} />}
      </QueryView>
    </section>
  );
}

function StatusReport({ status }: { status: Status }) {
  const pending = status.migrations.filter((m) => m.state === 'pending').length;
  return (
    <>
      <p data-testid="database-summary">
        <strong>{status.database}</strong> ({status.backend}):{' '}
        <span className={status.ok ? 'check--ok' : 'check--failed'}>
          {status.ok ? 'history and files agree' : 'needs attention'}
        </span>
        {pending > 0 && ` · ${pending} pending`}
      </p>
      {status.differences.length > 0 && (
        <div className="error-box" role="alert" data-testid="differences">
          <strong>The schema and the recorded history disagree</strong>
          <ul>
            {status.differences.map((d) => (
              <li key={`${d.id}-${d.kind}`}>
                <code>{d.id}</code> {d.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="table-wrap">
        <table className="table" aria-label="Migrations" data-testid="migrations">
          <thead>
            <tr>
              <th scope="col">Migration</th>
              <th scope="col">State</th>
              <th scope="col">Checksum (sha256)</th>
              <th scope="col">Applied</th>
              <th scope="col" className="num">
                Took
              </th>
            </tr>
          </thead>
          <tbody>
            {status.migrations.map((m) => (
              <tr key={m.version}>
                <td>
                  <code>{m.id}</code>
                </td>
                <td>
                  <span className={`status status--${m.state}`}>{stateLabels[m.state]}</span>
                </td>
                <td>
                  <code title={m.checksum}>{m.checksum.slice(0, 12)}…</code>
                  {m.appliedChecksum && m.appliedChecksum !== m.checksum && (
                    <div className="check--failed">
                      applied: <code title={m.appliedChecksum}>{m.appliedChecksum.slice(0, 12)}…</code>
                    </div>
                  )}
                </td>
                <td>
                  {m.appliedAt ? new Date(m.appliedAt).toLocaleString() : <span className="muted">not yet</span>}
                  {m.appliedBy && <div className="muted">by {m.appliedBy}</div>}
                </td>
                <td className="num">{m.executionMs !== undefined ? `${m.executionMs} ms` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function VerifyReport({ verify }: { verify: Verify }) {
  const failed = verify.migrations.flatMap((m) => m.checks.filter((c) => !c.ok)).length;
  const total = verify.migrations.reduce((n, m) => n + m.checks.length, 0);
  return (
    <>
      <p data-testid="verify-summary" className={verify.ok ? 'check--ok' : 'check--failed'}>
        {verify.ok ? `All ${total} checks passed.` : `${failed} of ${total} checks FAILED.`}
        {verify.pending.length > 0 && (
          <span className="muted"> Pending, not verified: {verify.pending.join(', ')}</span>
        )}
      </p>
      {verify.migrations.length === 0 && <p className="muted">No migration is applied: nothing to verify.</p>}
      {verify.migrations.map((m) => (
        <details key={m.id} className="panel checks" open={m.checks.some((c) => !c.ok)} data-testid="checks">
          <summary>
            <code>{m.id}</code>{' '}
            {m.checks.every((c) => c.ok) ? (
              <span className="check--ok">{m.checks.length} passed</span>
            ) : (
              <span className="check--failed">{m.checks.filter((c) => !c.ok).length} failed</span>
            )}
          </summary>
          <ul className="plain-list">
            {m.checks.map((c) => (
              <li key={c.description}>
                <span className={c.ok ? 'check--ok' : 'check--failed'}>{c.ok ? '✓ ok' : '✗ FAIL'}</span> {c.description}
                {c.detail && <span className="muted"> · {c.detail}</span>}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </>
  );
}
