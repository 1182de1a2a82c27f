/**
 * The column mapping tried on a sample feed before it is saved: the first rows of a file the
 * operator picks, read by the import's own parser with the mapping as it stands in the form, each
 * row with what the import would store or why it would reject it. Nothing is written.
 */
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { call, staffApi } from '../../api';
import { ErrorBox } from '../../components/ErrorBox';
import { toApiError } from '../../api';
import { mappingOf, type SupplierForm } from './settings';

/** Enough of a feed for its header and first rows. */
const SAMPLE_BYTES = 64 * 1024;

export function MappingPreview({ supplierId, form }: { supplierId: number; form: SupplierForm }) {
  const id = useId();
  const preview = useMutation({
    mutationFn: async (file: File) => {
      let sample = await file.slice(0, SAMPLE_BYTES).text();
      // A cut-off last line is not a row of the feed.
      if (file.size > SAMPLE_BYTES && sample.includes('\n')) sample = sample.slice(0, sample.lastIndexOf('\n') + 1);
      return call(
        staffApi.POST('/api/suppliers/{id}/catalog-preview', {
          params: { path: { id: supplierId } },
          body: { sample, format: form.catalogFeedFormat, mapping: mappingOf(form), rows: 10 },
        }),
      );
    },
  });
  const result = preview.data;
  // The fields the sample has a value for: the others would be empty columns.
  const fields = result ? Object.keys(result.mapping).filter((f) => result.rows.some((r) => r.fields[f] !== null)) : [];
  return (
    <div className="mapping-preview" data-testid="mapping-preview">
      <label className="field" htmlFor={id}>
        <span className="field__label">Try the mapping on a sample feed</span>
        <input
          id={id}
          type="file"
          accept=".csv,.json,.ndjson,.txt,text/csv,application/json"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) preview.mutate(file);
          }}
        />
      </label>
      {preview.isPending && <p role="status">Reading the sample…</p>}
      {preview.isError && <ErrorBox error={toApiError(preview.error)} title="The sample could not be read" />}
      {result && (
        <>
          <p className="muted">
            Columns in the feed:{' '}
            {result.columns.length > 0 ? result.columns.map((c) => <code key={c}>{c} </code>) : 'none'}
          </p>
          {result.problem && (
            <div className="error-box" role="alert">
              <strong>This mapping does not fit the feed</strong>
              <p>{result.problem}</p>
            </div>
          )}
          <div className="table-wrap">
            <table className="table" aria-label="Sample rows as the import reads them">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  {fields.map((f) => (
                    <th key={f} scope="col">
                      {f}
                      <br />
                      <span className="muted">← {result.mapping[f]}</span>
                    </th>
                  ))}
                  <th scope="col">Import</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => (
                  <tr key={row.line} className={row.reason ? 'row--rejected' : undefined}>
                    <td className="num">{row.line}</td>
                    {fields.map((f) => (
                      <td key={f}>{row.fields[f] ?? <span className="muted">—</span>}</td>
                    ))}
                    <td>
                      {row.reason ? (
                        <span className="line-error">{row.reason}</span>
                      ) : (
                        <span className="status status--active">ok</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
