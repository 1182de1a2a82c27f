/**
 * Marking a supplier order by hand: submitted (with the supplier's own order number, if it gave
 * one) or shipped (carrier, tracking number and link). The API's field errors appear next to the
 * field they name (shipment.carrier, shipment.trackingNumber, ...).
 */
import { useState, type FormEvent } from 'react';
import { Field, FormError } from '../../ui/form';
import { useSupplierOrderAction, type ActionOutcome, type MarkBody } from './queries';

type Kind = 'submitted' | 'shipped';

const FIELDS: Record<Kind, string[]> = {
  submitted: ['externalReference', 'note'],
  shipped: ['shipment.carrier', 'shipment.trackingNumber', 'shipment.trackingUrl', 'note'],
};

export function MarkForm({ id, kind, onDone }: { id: number; kind: Kind; onDone: (outcome: ActionOutcome) => void }) {
  const action = useSupplierOrderAction();
  const [values, setValues] = useState({
    externalReference: '',
    carrier: '',
    trackingNumber: '',
    trackingUrl: '',
    note: '',
  });
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // What the operator typed goes as it is; the API says what is wrong with it.
    const body: MarkBody =
      kind === 'submitted'
        ? { status: 'submitted', externalReference: optional(values.externalReference), note: optional(values.note) }
        : {
            status: 'shipped',
            note: optional(values.note),
            shipment: {
              carrier: values.carrier,
              trackingNumber: values.trackingNumber,
              trackingUrl: optional(values.trackingUrl),
            },
          };
    action.mutate({ kind: 'mark', id, body }, { onSuccess: onDone });
  };

  return (
    <form className="mark-form" onSubmit={submit} aria-label={`Mark supplier order ${id} ${kind}`}>
      <FormError error={action.error} fields={FIELDS[kind]} />
      {kind === 'submitted' ? (
        <Field label="Supplier's order number (optional)" path="externalReference" error={action.error}>
          {(props) => <input {...props} value={values.externalReference} onChange={set('externalReference')} />}
        </Field>
      ) : (
        <>
          <Field label="Carrier" path="shipment.carrier" error={action.error}>
            {(props) => <input {...props} value={values.carrier} onChange={set('carrier')} />}
          </Field>
          <Field label="Tracking number" path="shipment.trackingNumber" error={action.error}>
            {(props) => <input {...props} value={values.trackingNumber} onChange={set('trackingNumber')} />}
          </Field>
          <Field label="Tracking link (optional)" path="shipment.trackingUrl" error={action.error} hint="http or https">
            {(props) => <input {...props} type="url" value={values.trackingUrl} onChange={set('trackingUrl')} />}
          </Field>
        </>
      )}
      <Field label="Note (optional)" path="note" error={action.error}>
        {(props) => <input {...props} value={values.note} onChange={set('note')} />}
      </Field>
      <button type="submit" className="button button--primary button--small" disabled={action.isPending}>
        {action.isPending ? 'Saving…' : kind === 'submitted' ? 'Mark submitted' : 'Mark shipped'}
      </button>
    </form>
  );
}
