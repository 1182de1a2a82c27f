/**
 * Every integration setting of a supplier, for a new one or an existing one: contact, how orders
 * go out, the catalog feed and its column mapping (tried on a sample feed before saving), cut-off,
 * handling, fees, shipping, stock buffer, auto-submit, and the write-only secrets. The API checks
 * the settings as a whole; its field errors appear next to the fields.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { call, staffApi } from '../../api';
import { Field, FormError } from '../../ui/form';
import { useRole } from '../role';
import { MappingPreview } from './MappingPreview';
import { SecretField } from './SecretField';
import {
  CREDENTIAL_KEYS,
  FEED_METHODS,
  MAPPED_FIELDS,
  ORDER_METHODS,
  SHIPPING_TYPES,
  secretsBody,
  settingsBody,
  type SecretAction,
  type Supplier,
  type SupplierForm as Form,
} from './settings';

const FIELDS = [
  'code',
  'name',
  'contactName',
  'email',
  'phone',
  'website',
  'notes',
  'orderMethod',
  'apiEndpoint',
  'orderEmail',
  'catalogFeedMethod',
  'catalogFeedLocation',
  'catalogFeedFormat',
  'catalogColumnMapping',
  'catalogSyncSchedule',
  'catalogMaxAgeHours',
  'orderCutoffTime',
  'orderCutoffTimezone',
  'handlingDays',
  'minimumOrderValue',
  'perOrderFee',
  'shippingCostRule.type',
  'shippingCostRule.amount',
  'shippingCostRule.threshold',
  'currency',
  'autoSubmit',
  'liveStockCheck',
  'stockBuffer',
  'isDropship',
  'apiCredentials',
  'webhookSecret',
];

export function SupplierForm({
  initial,
  supplier,
  onSaved,
}: {
  initial: Form;
  /** The stored supplier; absent for a new one. */
  supplier?: Supplier;
  onSaved: (saved: Supplier) => void;
}) {
  const queryClient = useQueryClient();
  const canEdit = useRole() === 'admin';
  const [form, setForm] = useState(initial);
  const [credentials, setCredentials] = useState<SecretAction>({ action: 'keep' });
  const [webhook, setWebhook] = useState<SecretAction>({ action: 'keep' });
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const save = useMutation({
    mutationFn: () => {
      const body = { ...settingsBody(form), ...secretsBody(credentials, webhook), name: form.name.trim() };
      return supplier
        ? call(staffApi.PATCH('/api/suppliers/{id}', { params: { path: { id: supplier.id } }, body }))
        : call(staffApi.POST('/api/suppliers', { body: { ...body, code: form.code.trim() } }));
    },
    onSuccess: (saved) => {
      setCredentials({ action: 'keep' });
      setWebhook({ action: 'keep' });
      void queryClient.invalidateQueries({ queryKey: ['suppliers'] });
      queryClient.setQueryData(['supplier', saved.id], saved);
      onSaved(saved);
    },
  });
  const error = save.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  const input = (key: keyof Form & string, label: ReactNode, options: { type?: string; hint?: ReactNode } = {}) => (
    <Field label={label} path={key} error={error} hint={options.hint}>
      {(props) => (
        <input
          {...props}
          type={options.type ?? 'text'}
          value={form[key] as string}
          disabled={!canEdit}
          onChange={(e) => set(key, e.target.value as never)}
        />
      )}
    </Field>
  );
  const select = <K extends keyof Form & string>(
    key: K,
    label: string,
    options: readonly string[],
    path: string = key,
  ) => (
    <Field label={label} path={path} error={error}>
      {(props) => (
        <select
          {...props}
          value={form[key] as string}
          disabled={!canEdit}
          onChange={(e) => set(key, e.target.value as Form[K])}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {o.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const check = (key: 'autoSubmit' | 'liveStockCheck' | 'isDropship', label: string, hint: string) => (
    <Field label={label} path={key} error={error} hint={hint}>
      {(props) => (
        <input
          {...props}
          type="checkbox"
          checked={form[key]}
          disabled={!canEdit}
          onChange={(e) => set(key, e.target.checked)}
        />
      )}
    </Field>
  );

  return (
    <form className="settings" onSubmit={submit} aria-label="Supplier settings" data-testid="supplier-form">
      <FormError error={error} fields={FIELDS} />
      <fieldset className="settings__group">
        <legend>Supplier</legend>
        {supplier ? (
          <p className="muted">
            Code <code>{supplier.code}</code>
          </p>
        ) : (
          input('code', 'Code', { hint: 'letters, digits, _ or -; stored in capitals, e.g. ACME' })
        )}
        {input('name', 'Name')}
        {input('contactName', 'Contact person')}
        {input('email', 'Contact e-mail', { type: 'email' })}
        {input('phone', 'Phone')}
        {input('website', 'Website', { hint: 'https://…' })}
        {input('notes', 'Notes')}
      </fieldset>

      <fieldset className="settings__group">
        <legend>Orders</legend>
        {select('orderMethod', 'Orders go by', ORDER_METHODS)}
        {input('apiEndpoint', 'API endpoint', { hint: 'method api: orders are POSTed here' })}
        {input('orderEmail', 'Order e-mail', { type: 'email', hint: 'method email: purchase orders go here' })}
        {input('orderCutoffTime', 'Order cut-off', { hint: 'HH:MM; later orders count from the next day' })}
        {input('orderCutoffTimezone', 'Cut-off time zone', { hint: 'e.g. Europe/Berlin' })}
        {input('handlingDays', 'Handling days', { type: 'number' })}
        {check(
          'autoSubmit',
          'Submit orders automatically',
          'off: each supplier order waits for an operator to submit it',
        )}
        {check('liveStockCheck', 'Check stock live before sending', 'asks the supplier API for stock and cost first')}
        <SecretField
          label="API credentials"
          isSet={supplier?.hasApiCredentials ?? false}
          keys={CREDENTIAL_KEYS[form.orderMethod].length > 0 ? CREDENTIAL_KEYS[form.orderMethod] : ['apiKey']}
          value={credentials}
          onChange={setCredentials}
          path="apiCredentials"
          error={error}
        />
        <SecretField
          label="Webhook secret"
          isSet={supplier?.hasWebhookSecret ?? false}
          keys={['secret']}
          value={webhook}
          onChange={setWebhook}
          path="webhookSecret"
          error={error}
        />
      </fieldset>

      <fieldset className="settings__group">
        <legend>Costs and stock</legend>
        {input('currency', 'Currency', { hint: 'ISO code, e.g. EUR' })}
        {input('minimumOrderValue', 'Minimum order value')}
        {input('perOrderFee', 'Fee per order')}
        {select('shippingType', 'Shipping rule', SHIPPING_TYPES, 'shippingCostRule.type')}
        <Field label="Shipping amount" path="shippingCostRule.amount" error={error}>
          {(props) => (
            <input
              {...props}
              value={form.shippingAmount}
              disabled={!canEdit}
              onChange={(e) => set('shippingAmount', e.target.value)}
            />
          )}
        </Field>
        {form.shippingType === 'free_over' && (
          <Field label="Free shipping from" path="shippingCostRule.threshold" error={error}>
            {(props) => (
              <input
                {...props}
                value={form.shippingThreshold}
                disabled={!canEdit}
                onChange={(e) => set('shippingThreshold', e.target.value)}
              />
            )}
          </Field>
        )}
        {input('stockBuffer', 'Stock buffer', { type: 'number', hint: 'units at or under this count as out of stock' })}
        {check('isDropship', 'Ships to customers (dropship)', 'off: the supplier is not routed to')}
      </fieldset>

      <fieldset className="settings__group settings__group--wide">
        <legend>Catalog feed</legend>
        {select('catalogFeedMethod', 'Feed comes by', FEED_METHODS)}
        {input('catalogFeedLocation', 'Feed location', { hint: 'URL, SFTP path or folder' })}
        {select('catalogFeedFormat', 'Feed format', ['csv', 'json'])}
        {input('catalogSyncSchedule', 'Sync schedule', { hint: 'cron, e.g. 0 */6 * * *' })}
        {input('catalogMaxAgeHours', 'Feed counts as fresh for (hours)', { type: 'number' })}
        <fieldset className="mapping" aria-describedby="mapping-hint">
          <legend>Column mapping</legend>
          <p className="field__hint" id="mapping-hint">
            The feed's column for each of our fields; empty: the column of the field's own name.
          </p>
          <div className="mapping__grid">
            {MAPPED_FIELDS.map((field) => (
              <Field
                key={field}
                label={field === '_delimiter' ? 'CSV delimiter' : field}
                path={`catalogColumnMapping.${field}`}
                error={error}
              >
                {(props) => (
                  <input
                    {...props}
                    value={form.mapping[field] ?? ''}
                    disabled={!canEdit}
                    placeholder={field === '_delimiter' ? 'detected' : field}
                    onChange={(e) => set('mapping', { ...form.mapping, [field]: e.target.value })}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        {supplier ? (
          <MappingPreview supplierId={supplier.id} form={form} />
        ) : (
          <p className="muted">Save the supplier first to try the mapping on a sample feed.</p>
        )}
      </fieldset>

      {canEdit && (
        <div className="settings__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : supplier ? 'Save settings' : 'Create supplier'}
          </button>
          {save.isSuccess && !save.isPending && (
            <span role="status" className="muted">
              Saved.
            </span>
          )}
        </div>
      )}
    </form>
  );
}
