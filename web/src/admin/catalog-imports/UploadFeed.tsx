/**
 * Upload a feed for a supplier, with a progress bar, and its report. When the guard refuses the
 * feed (it would make most of the catalog unavailable, or move most costs far), the report says
 * why and the operator may import it anyway, after a confirmation.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { toApiError, uploadFile, type ApiError } from '../../api';
import { ErrorBox } from '../../components/ErrorBox';
import { ConfirmButton } from '../../ui/Confirm';
import { Rejections, ReportFigures, type ImportReport } from './report';

function contentTypeOf(file: File): string {
  if (/\.(json)$/i.test(file.name)) return 'application/json';
  if (/\.(ndjson|jsonl)$/i.test(file.name)) return 'application/x-ndjson';
  return file.type === 'application/json' ? file.type : 'text/csv';
}

/** The report a refused import's 409 carries. */
function refusedReport(error: ApiError | null): ImportReport | null {
  const details = error?.status === 409 ? error.rawDetails : undefined;
  return details && typeof details === 'object' && 'status' in details ? (details as ImportReport) : null;
}

export function UploadFeed({ supplierId }: { supplierId: number }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<'full' | 'delta'>('full');
  const [createDrafts, setCreateDrafts] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const upload = useMutation<ImportReport, ApiError, { force: boolean }>({
    mutationFn: ({ force }) => {
      if (!file) throw new Error('Choose a feed file first.');
      setProgress(0);
      const query = new URLSearchParams({ mode, source: file.name.slice(0, 500) });
      if (force) query.set('force', 'true');
      if (createDrafts) query.set('createDrafts', 'true');
      return uploadFile<ImportReport>(`/api/suppliers/${supplierId}/catalog-imports?${query}`, file, {
        contentType: contentTypeOf(file),
        onProgress: setProgress,
      });
    },
    onSettled: () => {
      setProgress(null);
      void queryClient.invalidateQueries({ queryKey: ['catalog-imports'] });
      void queryClient.invalidateQueries({ queryKey: ['unlinked'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate({ force: false });
  };
  const error = upload.error ? toApiError(upload.error) : null;
  const refused = refusedReport(error);
  const report = upload.data ?? refused;

  return (
    <div className="panel upload" data-testid="upload-feed">
      <form onSubmit={submit} className="upload__form">
        <label className="field" htmlFor={`${id}-file`}>
          <span className="field__label">Feed file (CSV or JSON)</span>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.json,.ndjson,.txt,text/csv,application/json"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <label className="field">
          <span className="field__label">Mode</span>
          <select value={mode} onChange={(e) => setMode(e.target.value === 'delta' ? 'delta' : 'full')}>
            <option value="full">full: items missing from the feed become unavailable</option>
            <option value="delta">delta: only the rows given change</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={createDrafts} onChange={(e) => setCreateDrafts(e.target.checked)} /> Create
          draft products from unlinked items
        </label>
        <button type="submit" className="button button--primary" disabled={!file || upload.isPending}>
          {upload.isPending ? 'Importing…' : 'Import feed'}
        </button>
      </form>
      {progress !== null && (
        <div className="progress">
          <progress max={1} value={progress} aria-label="Upload progress" />
          <span>{progress < 1 ? `${Math.round(progress * 100)} % sent` : 'Sent; the shop is applying the feed…'}</span>
        </div>
      )}
      {error && !refused && <ErrorBox error={error} title="The feed was not imported" />}
      {report && (
        <section className="report" data-testid="import-report" aria-label="Import report">
          <h3>
            {refused ? 'Refused by the guard: nothing was changed' : `Imported (${report.mode})`}
            {report.forced && ' · forced'}
          </h3>
          {report.message && <p className={refused ? 'line-error' : 'muted'}>{report.message}</p>}
          <ReportFigures report={report} />
          {!refused && (
            <p className="muted">
              {report.linked} linked to products · {report.draftsCreated} draft products · {report.repriced} prices
              changed · {report.underStockBuffer} rows at or under the stock buffer of {report.stockBuffer}
            </p>
          )}
          {refused && (
            <ConfirmButton
              title="Import this feed anyway?"
              message={`The guard refused it: ${refused.message ?? ''} Importing it anyway applies every row.`}
              confirmLabel="Import anyway"
              onConfirm={() => upload.mutate({ force: true })}
            >
              Import anyway (force)
            </ConfirmButton>
          )}
          <h4>Rejected rows</h4>
          <Rejections rejections={report.rejections} total={report.rejected} />
        </section>
      )}
    </div>
  );
}
