/**
 * Uploading a supplier's tracking file (CSV: reference, carrier, tracking_number, tracking_url,
 * shipped_at, lines): the server applies each row like a shipment webhook and answers with a
 * report of every row by its line number. A file it cannot read is refused whole, naming the line.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { toApiError } from '../../api';
import { ErrorBox } from '../../components/ErrorBox';
import { uploadTracking, type TrackingReport } from './queries';

export interface SupplierChoice {
  id: number;
  code: string;
  name: string;
}

export function TrackingImport({ suppliers, supplierId }: { suppliers: SupplierChoice[]; supplierId?: number }) {
  const queryClient = useQueryClient();
  const ids = { supplier: useId(), file: useId() };
  const [chosen, setChosen] = useState<number | undefined>(supplierId);
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async ({ id, csv }: { id: number; csv: string }) => uploadTracking(id, csv),
    onSettled: () => queryClient.invalidateQueries(),
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosen === undefined || !file) return;
    upload.mutate({ id: chosen, csv: await file.text() });
  };

  return (
    <section className="panel" aria-labelledby={`${ids.file}-title`}>
      <h2 id={`${ids.file}-title`}>Upload a tracking file</h2>
      <p className="muted">
        CSV with the columns reference, carrier, tracking_number, tracking_url, shipped_at and lines (SKU:QTY;SKU:QTY,
        empty for everything). Each row is a parcel.
      </p>
      <form className="form-row tracking-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label className="field__label" htmlFor={ids.supplier}>
            Supplier
          </label>
          <select
            id={ids.supplier}
            value={chosen ?? ''}
            onChange={(e) => setChosen(e.target.value === '' ? undefined : Number(e.target.value))}
            required
          >
            <option value="">Choose a supplier</option>
            {suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={ids.file}>
            Tracking file
          </label>
          <input
            id={ids.file}
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <button
          type="submit"
          className="button button--primary"
          disabled={upload.isPending || !file || chosen === undefined}
        >
          {upload.isPending ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      {upload.isError && <ErrorBox error={toApiError(upload.error)} title="The file was not imported" />}
      {upload.data && <TrackingReportView report={upload.data} />}
    </section>
  );
}

function TrackingReportView({ report }: { report: TrackingReport }) {
  return (
    <div className="report" data-testid="tracking-report">
      <p role="status">
        {report.supplierCode}: {report.rowsRead} row(s) read · {report.applied} applied · {report.unchanged} unchanged ·{' '}
        {report.rejected} rejected
      </p>
      <table className="table table--compact" aria-label="Tracking file report">
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Reference</th>
            <th scope="col">Outcome</th>
            <th scope="col">Status / reason</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.line} className={row.outcome === 'rejected' ? 'row--refused' : undefined}>
              <td className="num">{row.line}</td>
              <td>{row.reference ?? <span className="muted">none</span>}</td>
              <td>{row.outcome}</td>
              <td>{row.reason ?? row.status ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
