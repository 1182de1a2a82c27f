/** A supplier order's history: every status change and every refused one, with who and why. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { QueryView } from '../../ui/states';
import { fetchSupplierOrderEvents, supplierOrderKeys, type SupplierOrderStatus } from './queries';
import { supplierOrderStatusLabel } from './statuses';

export function EventHistory({ id, status }: { id: number; status: SupplierOrderStatus }) {
  const events = useQuery({
    queryKey: supplierOrderKeys.events(id, status),
    // Not aborted when the status (the key) changes under it: the answer is the history until then.
    queryFn: () => fetchSupplierOrderEvents(id),
    // A status change reads the history again; the one shown stays until the new one is there.
    placeholderData: keepPreviousData,
  });
  return (
    <QueryView
      query={events}
      isEmpty={(items) => items.length === 0}
      empty={<p className="muted">No changes yet: it is as it was created.</p>}
      loading="Loading the history…"
    >
      {(items) => (
        <table className="table table--compact" aria-label={`History of supplier order ${id}`}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col">By</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} className={e.applied ? undefined : 'row--refused'}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>
                  {e.from === e.to
                    ? supplierOrderStatusLabel(e.from)
                    : `${supplierOrderStatusLabel(e.from)} → ${supplierOrderStatusLabel(e.to)}`}
                  {/* Refused changes and notes (what happened without a change) change nothing. */}
                  {!e.applied && <span className="muted"> · nothing changed</span>}
                </td>
                <td>
                  {e.source}
                  {e.actor && <span className="muted"> · {e.actor}</span>}
                </td>
                <td>{e.reason ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryView>
  );
}
