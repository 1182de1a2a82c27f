/**
 * Changing stock, always with a reason, and the audit trail: a count sets the units on hand, an
 * adjustment adds or removes units; the API refuses to go below what open orders have reserved.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { call, staffApi } from '../../api';
import { Field, FormError } from '../../ui/form';
import { QueryView } from '../../ui/states';
import type { StockRow } from './StockPage';

const SET_REASONS = ['set', 'received', 'correction', 'damaged', 'returned'] as const;
const ADJUST_REASONS = ['received', 'correction', 'damaged', 'returned'] as const;

function useStockChanged() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['inventory'] });
    void queryClient.invalidateQueries({ queryKey: ['products'] });
  };
}

/** A whole number as typed; other text goes as it is, for the API to name the field. */
function units(text: string): number {
  return /^-?\d+$/.test(text.trim()) ? Number(text) : (text as unknown as number);
}

/** A stock count of a SKU at a source (none: the only warehouse), with its reason. */
function useSetStock() {
  const changed = useStockChanged();
  return useMutation({
    mutationFn: (count: { sku: string; sourceCode: string; quantity: string; reason: string; note: string }) =>
      call(
        staffApi.PUT('/api/inventory/stock', {
          body: {
            sku: count.sku.trim(),
            sourceCode: count.sourceCode || undefined,
            quantityOnHand: units(count.quantity),
            reason: (count.reason || undefined) as (typeof SET_REASONS)[number] | undefined,
            note: count.note.trim() || null,
          },
        }),
      ),
    onSuccess: changed,
  });
}

export function StockRowPanel({ row, onClose }: { row: StockRow; onClose: () => void }) {
  return (
    <section
      className="panel stock-panel"
      aria-label={`Stock of ${row.sku} at ${row.sourceCode}`}
      data-testid="stock-panel"
    >
      <header className="page-head">
        <h2>
          {row.sku} at {row.sourceCode}: {row.quantityOnHand} on hand, {row.quantityReserved} reserved
        </h2>
        <button type="button" className="button button--ghost button--small" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="stock-panel__forms">
        <SetForm sku={row.sku} sourceCode={row.sourceCode} onHand={String(row.quantityOnHand)} />
        <AdjustForm row={row} />
      </div>
      <AuditTrail row={row} />
    </section>
  );
}

function ReasonField<R extends string>({
  reasons,
  value,
  onChange,
  error,
}: {
  reasons: readonly R[];
  value: R | '';
  onChange: (r: R) => void;
  error: unknown;
}) {
  return (
    <Field label="Reason" path="reason" error={error}>
      {(props) => (
        <select {...props} value={value} required onChange={(e) => onChange(e.target.value as R)}>
          <option value="" disabled>
            choose a reason…
          </option>
          {reasons.map((r) => (
            <option key={r} value={r}>
              {r === 'set' ? 'stock count' : r}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

type SetReason = (typeof SET_REASONS)[number] | '';

/** The counted units and the reason of a count. */
function CountFields(props: {
  quantity: string;
  setQuantity: (q: string) => void;
  reason: SetReason;
  setReason: (r: SetReason) => void;
  error: unknown;
}) {
  return (
    <>
      <Field label="Units on hand" path="quantityOnHand" error={props.error}>
        {(control) => (
          <input
            {...control}
            type="number"
            min={0}
            value={props.quantity}
            onChange={(e) => props.setQuantity(e.target.value)}
            required
          />
        )}
      </Field>
      <ReasonField reasons={SET_REASONS} value={props.reason} onChange={props.setReason} error={props.error} />
    </>
  );
}

function SetForm({ sku, sourceCode, onHand }: { sku: string; sourceCode: string; onHand: string }) {
  const [quantity, setQuantity] = useState(onHand);
  const [seen, setSeen] = useState(onHand);
  // The units on hand changed (an adjustment, this count): the count starts from them again.
  if (seen !== onHand) {
    setSeen(onHand);
    setQuantity(onHand);
  }
  const [reason, setReason] = useState<(typeof SET_REASONS)[number] | ''>('');
  const [note, setNote] = useState('');
  const save = useSetStock();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ sku, sourceCode, quantity, reason, note });
  };
  return (
    <form onSubmit={submit} aria-label="Set the units on hand" className="stock-form">
      <h3>Set (a count)</h3>
      <FormError error={save.error} fields={['quantityOnHand', 'reason', 'note']} />
      <CountFields
        quantity={quantity}
        setQuantity={setQuantity}
        reason={reason}
        setReason={setReason}
        error={save.error}
      />
      <Field label="Note" path="note" error={save.error}>
        {(props) => <input {...props} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" className="button button--small" disabled={save.isPending}>
        Set stock
      </button>
      {save.isSuccess && <span role="status"> Saved.</span>}
    </form>
  );
}

function AdjustForm({ row }: { row: StockRow }) {
  const changed = useStockChanged();
  const [change, setChange] = useState('');
  const [reason, setReason] = useState<(typeof ADJUST_REASONS)[number] | ''>('');
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () =>
      call(
        staffApi.POST('/api/inventory/adjustments', {
          body: {
            sku: row.sku,
            sourceCode: row.sourceCode,
            change: units(change),
            reason: reason as (typeof ADJUST_REASONS)[number],
            note: note.trim() || null,
          },
        }),
      ),
    onSuccess: changed,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Adjust the units" className="stock-form">
      <h3>Adjust (add or remove)</h3>
      <FormError error={save.error} fields={['change', 'reason', 'note']} />
      <Field label="Units to add (negative: remove)" path="change" error={save.error}>
        {(props) => (
          <input {...props} type="number" value={change} onChange={(e) => setChange(e.target.value)} required />
        )}
      </Field>
      <ReasonField reasons={ADJUST_REASONS} value={reason} onChange={setReason} error={save.error} />
      <Field label="Note" path="note" error={save.error}>
        {(props) => <input {...props} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" className="button button--small" disabled={save.isPending}>
        Adjust stock
      </button>
      {save.isSuccess && <span role="status"> Saved.</span>}
    </form>
  );
}

function AuditTrail({ row }: { row: StockRow }) {
  const trail = useQuery({
    queryKey: ['inventory', 'trail', row.id, row.updatedAt],
    queryFn: ({ signal }) =>
      call(
        staffApi.GET('/api/inventory/{id}/adjustments', {
          params: { path: { id: row.id }, query: { limit: 50, offset: 0 } },
          signal,
        }),
      ),
  });
  return (
    <>
      <h3>Audit trail</h3>
      <QueryView
        query={trail}
        isEmpty={(d) => d.items.length === 0}
        empty={<p className="muted">No changes recorded.</p>}
      >
        {(data) => (
          <div className="table-wrap">
            <table className="table" aria-label="Audit trail" data-testid="audit-trail">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">
                    Change
                  </th>
                  <th scope="col" className="num">
                    On hand
                  </th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <tr key={a.id}>
                    <td>{new Date(a.createdAt).toLocaleString()}</td>
                    <td>{a.actor}</td>
                    <td>{a.reason}</td>
                    <td className="num">{a.quantityChange > 0 ? `+${a.quantityChange}` : a.quantityChange}</td>
                    <td className="num">
                      {a.quantityOnHandBefore} → {a.quantityOnHandAfter}
                    </td>
                    <td>{a.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </>
  );
}

/** Stock of a SKU at a source that has none yet: a first count. */
export function CountNewStock({ sources }: { sources: string[] }) {
  const [sku, setSku] = useState('');
  const [sourceCode, setSourceCode] = useState('');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState<(typeof SET_REASONS)[number] | ''>('');
  const save = useSetStock();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ sku, sourceCode, quantity, reason, note: '' });
  };
  return (
    <form onSubmit={submit} aria-label="Count stock of a SKU" className="panel stock-form stock-form--inline">
      <h3>Count stock of a SKU</h3>
      <FormError error={save.error} fields={['sku', 'sourceCode', 'quantityOnHand', 'reason']} />
      <Field label="SKU" path="sku" error={save.error}>
        {(props) => <input {...props} value={sku} onChange={(e) => setSku(e.target.value)} required />}
      </Field>
      <Field label="Source" path="sourceCode" error={save.error}>
        {(props) => (
          <select {...props} value={sourceCode} onChange={(e) => setSourceCode(e.target.value)}>
            <option value="">the only warehouse</option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <CountFields
        quantity={quantity}
        setQuantity={setQuantity}
        reason={reason}
        setReason={setReason}
        error={save.error}
      />
      <button type="submit" className="button button--small" disabled={save.isPending}>
        Save count
      </button>
      {save.isSuccess && <span role="status"> Saved.</span>}
    </form>
  );
}
