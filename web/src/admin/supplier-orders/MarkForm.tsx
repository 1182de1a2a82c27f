/**
 * Marking a supplier order by hand: submitted (with the supplier's own order number, if it gave
 * one) or shipped (carrier, tracking number and link, and the units in the parcel: all the open
 * ones ship it, fewer make it partially shipped). The API's field errors appear next to the field
 * they name (shipment.carrier, shipment.trackingNumber, shipment.lines.N.quantity, ...).
 */
import { useState, type FormEvent } from 'react';
import { Field, FormError } from '../../ui/form';
import { useSupplierOrderAction, type ActionOutcome, type MarkBody, type SupplierOrder } from './queries';

type Kind = 'submitted' | 'shipped';

const FIELDS: Record<Kind, string[]> = {
  submitted: ['externalReference', 'note'],
  shipped: ['shipment.carrier', 'shipment.trackingNumber', 'shipment.trackingUrl', 'note'],
};

/** Units of a line not yet shipped or cancelled. */
const openUnits = (item: SupplierOrder['items'][number]) =>
  item.quantity - item.quantityShipped - item.quantityCancelled;

export function MarkForm({
  order,
  kind,
  onDone,
}: {
  order: SupplierOrder;
  kind: Kind;
  onDone: (outcome: ActionOutcome) => void;
}) {
  const { id } = order;
  const action = useSupplierOrderAction();
  const open = order.items.filter((i) => openUnits(i) > 0);
  // Units in this parcel per supplier SKU, as typed: every open unit unless the operator says less.
  const [units, setUnits] = useState<Record<string, string>>(() =>
    Object.fromEntries(open.map((i) => [i.supplierSku, String(openUnits(i))])),
  );
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

  // The lines sent with a part shipment, in order: the API names a line's error by its place here.
  const inParcel = open.filter((i) => !['', '0'].includes((units[i.supplierSku] ?? '').trim()));
  const linePath = (item: SupplierOrder['items'][number]) =>
    inParcel.includes(item)
      ? `shipment.lines.${inParcel.indexOf(item)}.quantity`
      : `shipment.lines.${item.supplierSku}`;

  const shippedBody = (): MarkBody => {
    const shipment = {
      carrier: values.carrier,
      trackingNumber: values.trackingNumber,
      trackingUrl: optional(values.trackingUrl),
    };
    const everything = open.every((i) => units[i.supplierSku] === String(openUnits(i)));
    if (everything) return { status: 'shipped', note: optional(values.note), shipment };
    // Fewer units than are open: this parcel is part of the order. The server checks each number.
    const lines = inParcel.map((i) => ({ supplierSku: i.supplierSku, quantity: Number(units[i.supplierSku]) }));
    return { status: 'partially_shipped', note: optional(values.note), shipment: { ...shipment, lines } };
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // What the operator typed goes as it is; the API says what is wrong with it.
    const body: MarkBody =
      kind === 'submitted'
        ? { status: 'submitted', externalReference: optional(values.externalReference), note: optional(values.note) }
        : shippedBody();
    action.mutate({ kind: 'mark', id, body }, { onSuccess: onDone });
  };

  return (
    <form className="mark-form" onSubmit={submit} aria-label={`Mark supplier order ${id} ${kind}`}>
      <FormError
        error={action.error}
        fields={kind === 'shipped' ? [...FIELDS.shipped, ...open.map(linePath)] : FIELDS.submitted}
      />
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
          {open.map((item) => (
            <Field
              key={item.supplierSku}
              label={`Units of ${item.supplierSku} in this parcel (of ${openUnits(item)})`}
              path={linePath(item)}
              error={action.error}
            >
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={0}
                  max={openUnits(item)}
                  value={units[item.supplierSku] ?? ''}
                  onChange={(e) => setUnits((u) => ({ ...u, [item.supplierSku]: e.target.value }))}
                />
              )}
            </Field>
          ))}
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
