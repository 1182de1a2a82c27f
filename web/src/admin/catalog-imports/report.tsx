/** An import's report: what it did, and each rejected row with its line and reason. */
import type { JsonOf } from '../../api';
import type { paths } from '../../api/schema.js';

export type ImportReport = JsonOf<paths['/api/suppliers/{id}/catalog-imports']['post']['responses'][201]>;

export function ReportFigures({ report }: { report: Omit<ImportReport, 'rejections'> | ImportReportLike }) {
  const figures: [string, number][] = [
    ['Rows read', report.rowsRead],
    ['Inserted', report.inserted],
    ['Updated', report.updated],
    ['Unchanged', report.unchanged],
    ['Rejected', report.rejected],
    ['Marked unavailable', report.markedUnavailable],
  ];
  return (
    <dl className="report-figures" data-testid="import-figures">
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The figures the history and the upload's report share. */
export interface ImportReportLike {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  markedUnavailable: number;
}

export function Rejections({ rejections, total }: { rejections: { line: number; reason: string }[]; total: number }) {
  if (rejections.length === 0) return <p className="muted">No rows were rejected.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Rejected rows" data-testid="rejections">
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Why it was rejected</th>
          </tr>
        </thead>
        <tbody>
          {rejections.map((r) => (
            <tr key={`${r.line}-${r.reason}`}>
              <td className="num">{r.line}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > rejections.length && (
        <p className="muted">
          The first {rejections.length} of {total} rejected rows.
        </p>
      )}
    </div>
  );
}
