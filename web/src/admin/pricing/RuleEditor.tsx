/**
 * A pricing rule's editor with what it would do before it is saved: a live preview (a cost in, the
 * price and the winning rule out) and the "what changes" count over the whole catalog (how many
 * prices move, up or down, by how much), both priced by the rule set as it would be after saving.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { call, listCategories, staffApi, toApiError } from '../../api';
import { ErrorBox } from '../../components/ErrorBox';
import { ConfirmButton } from '../../ui/Confirm';
import { Field, FormError } from '../../ui/form';
import { categoryOptions } from '../products/categories';
import { useRole } from '../role';
import { MARKUPS, NEW_RULE, ROUNDINGS, SCOPES, ruleBody, ruleForm, type PricingRule, type RuleForm } from './rule-form';

const FIELDS = [
  'name',
  'scope',
  'categoryId',
  'supplierId',
  'minCost',
  'maxCost',
  'priority',
  'markupType',
  'markupValue',
  'minMarginPercent',
  'rounding',
  'compareAtMarkupPercent',
  'isActive',
];

/** The value once it has stopped changing for a moment: one request per pause, not per key. */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function RuleEditor({ rule, onDone }: { rule?: PricingRule; onDone: (message: string) => void }) {
  const queryClient = useQueryClient();
  const canEdit = useRole() === 'admin';
  const [form, setForm] = useState<RuleForm>(rule ? ruleForm(rule) : NEW_RULE);
  const [cost, setCost] = useState('20.00');
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const categories = useQuery({ queryKey: ['categories'], queryFn: ({ signal }) => listCategories(signal) });
  const suppliers = useQuery({
    queryKey: ['suppliers', 'all-for-pricing'],
    queryFn: ({ signal }) =>
      call(staffApi.GET('/api/suppliers', { params: { query: { limit: 100, offset: 0 } }, signal })),
  });

  // Settled as text: a new object each render would never settle.
  const proposal = JSON.parse(useSettled(JSON.stringify({ ruleId: rule?.id, rule: ruleBody(form) }))) as {
    ruleId?: number;
    rule: ReturnType<typeof ruleBody>;
  };
  const settledCost = useSettled(cost.trim());
  const preview = useQuery({
    queryKey: ['pricing', 'preview', settledCost, proposal],
    queryFn: ({ signal }) =>
      call(
        staffApi.POST('/api/pricing-rules/preview', {
          body: {
            cost: settledCost,
            categoryId: proposal.rule.categoryId ?? undefined,
            supplierId: proposal.rule.supplierId ?? undefined,
            proposal,
          },
          signal,
        }),
      ),
    enabled: settledCost !== '' && proposal.rule.name !== '',
    placeholderData: keepPreviousData,
  });
  const impact = useQuery({
    queryKey: ['pricing', 'impact', proposal],
    queryFn: ({ signal }) => call(staffApi.POST('/api/pricing-rules/impact', { body: proposal, signal })),
    enabled: proposal.rule.name !== '',
    placeholderData: keepPreviousData,
  });

  const changed = (repriced: number, verb: string) => {
    void queryClient.invalidateQueries({ queryKey: ['pricing'] });
    void queryClient.invalidateQueries({ queryKey: ['products'] });
    onDone(`Rule ${verb}: ${repriced} ${repriced === 1 ? 'price' : 'prices'} changed.`);
  };
  const save = useMutation({
    mutationFn: () => {
      const body = ruleBody(form);
      return rule
        ? call(staffApi.PATCH('/api/pricing-rules/{id}', { params: { path: { id: rule.id } }, body }))
        : call(staffApi.POST('/api/pricing-rules', { body }));
    },
    onSuccess: (result) => changed(result.repriced, rule ? 'saved' : 'created'),
  });
  const remove = useMutation({
    mutationFn: (id: number) => call(staffApi.DELETE('/api/pricing-rules/{id}', { params: { path: { id } } })),
    onSuccess: (result) => changed(result.repriced, 'deleted'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  const input = (
    key: 'name' | 'minCost' | 'maxCost' | 'priority' | 'markupValue' | 'minMarginPercent' | 'compareAtMarkupPercent',
    label: string,
    hint?: string,
  ) => (
    <Field label={label} path={key} error={save.error} hint={hint}>
      {(props) => <input {...props} value={form[key]} disabled={!canEdit} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );
  const select = <K extends 'scope' | 'markupType' | 'rounding' | 'categoryId' | 'supplierId'>(
    key: K,
    label: string,
    options: readonly { value: string; label: string }[],
  ) => (
    <Field label={label} path={key} error={save.error}>
      {(props) => (
        <select
          {...props}
          value={form[key]}
          disabled={!canEdit}
          onChange={(e) => set(key, e.target.value as RuleForm[K])}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const plain = (values: readonly string[]) => values.map((v) => ({ value: v, label: v.replace('_', ' ') }));

  return (
    <div className="rule-editor" data-testid="rule-editor">
      <form className="settings" onSubmit={submit} aria-label={rule ? `Rule ${rule.name}` : 'New rule'}>
        <FormError error={save.error ?? remove.error} fields={FIELDS} />
        <fieldset className="settings__group">
          <legend>{rule ? `Rule ${rule.id}` : 'New rule'}</legend>
          {input('name', 'Name')}
          {select('scope', 'Applies to', plain(SCOPES))}
          {form.scope === 'category' &&
            select('categoryId', 'Category', [
              { value: '', label: 'choose…' },
              ...categoryOptions(categories.data ?? []),
            ])}
          {form.scope === 'supplier' &&
            select('supplierId', 'Supplier', [
              { value: '', label: 'choose…' },
              ...(suppliers.data?.items ?? []).map((s) => ({ value: String(s.id), label: `${s.code} · ${s.name}` })),
            ])}
          {form.scope === 'cost_range' && input('minCost', 'Cost from', 'inclusive; empty: no lower bound')}
          {form.scope === 'cost_range' && input('maxCost', 'Cost under', 'exclusive; empty: no upper bound')}
          {input('priority', 'Priority', 'lower is tried first')}
          {select('markupType', 'Markup', plain(MARKUPS))}
          {input('markupValue', 'Markup value', 'percent: 40; fixed: 2.50; multiplier: 1.8')}
          {input('minMarginPercent', 'Minimum margin %', 'the price never goes under it')}
          {select('rounding', 'Round up to', plain(ROUNDINGS))}
          {input('compareAtMarkupPercent', 'Compare-at markup %', 'empty: no "was" price')}
          <Field label="Active" path="isActive" error={save.error}>
            {(props) => (
              <input
                {...props}
                type="checkbox"
                checked={form.isActive}
                disabled={!canEdit}
                onChange={(e) => set('isActive', e.target.checked)}
              />
            )}
          </Field>
        </fieldset>
        {canEdit && (
          <div className="settings__actions">
            <button type="submit" className="button button--primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : rule ? 'Save rule and reprice' : 'Create rule and reprice'}
            </button>
            {rule && (
              <ConfirmButton
                title={`Delete rule "${rule.name}"?`}
                message="The catalog is repriced by the remaining rules."
                confirmLabel="Delete rule"
                onConfirm={() => remove.mutate(rule.id)}
              >
                Delete rule
              </ConfirmButton>
            )}
          </div>
        )}
      </form>

      <aside className="rule-editor__side">
        <section className="panel" aria-label="Live preview" data-testid="rule-preview">
          <h3>Live preview</h3>
          <label className="field">
            <span className="field__label">A cost of</span>
            <input value={cost} onChange={(e) => setCost(e.target.value)} inputMode="decimal" />
          </label>
          {preview.isError && <ErrorBox error={toApiError(preview.error)} title="No preview" />}
          {preview.data && (
            <p>
              sells at <strong data-testid="preview-price">{preview.data.price}</strong>
              {preview.data.compareAtPrice && <> (was {preview.data.compareAtPrice})</>}, margin{' '}
              {preview.data.marginPercent} %, by rule{' '}
              <strong data-testid="preview-rule">{preview.data.rule.ruleName}</strong>
            </p>
          )}
        </section>
        <section className="panel" aria-label="What changes" data-testid="rule-impact">
          <h3>What changes when you save</h3>
          {impact.isError && <ErrorBox error={toApiError(impact.error)} title="Cannot tell yet" />}
          {impact.data && (
            <>
              <p>
                <strong data-testid="impact-moved">{impact.data.moved}</strong> of {impact.data.priced} prices move:{' '}
                {impact.data.raised} up, {impact.data.lowered} down
                {impact.data.meanChangePercent !== null && <>, on average {impact.data.meanChangePercent} %</>}.
              </p>
              {(impact.data.largestRise || impact.data.largestDrop) && (
                <p className="muted">
                  {impact.data.largestRise && <>largest rise {impact.data.largestRise} </>}
                  {impact.data.largestDrop && <>largest drop {impact.data.largestDrop}</>}
                </p>
              )}
              {impact.data.examples.length > 0 && (
                <ul className="changes">
                  {impact.data.examples.map((e) => (
                    <li key={e.productId}>
                      <code>{e.sku}</code> {e.oldPrice} → {e.newPrice}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
      </aside>
    </div>
  );
}
