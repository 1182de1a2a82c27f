/**
 * One product: edit it (price, lock the price against repricing, category, status), archive it, and
 * see why it costs what it costs: its sources with their costs and units, the cost basis, the
 * winning rule and the price changes.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { call, listCategories, staffApi, type JsonOf } from '../../api';
import type { paths } from '../../api/schema.js';
import { formatMoney } from '../../money';
import { whole } from '../../search';
import { ConfirmButton } from '../../ui/Confirm';
import { Field, FormError } from '../../ui/form';
import { QueryView } from '../../ui/states';
import { AdminOnly, useRole } from '../role';
import { categoryOptions } from './categories';
import { PricingExplanation } from './PricingExplanation';
import { PRODUCT_STATUSES, productRoute } from './routes';

type Product = JsonOf<paths['/api/products/{idOrSlug}']['get']['responses'][200]>;

export function ProductPage() {
  const id = whole(productRoute.useParams().id) ?? 0;
  const product = useQuery({
    queryKey: ['products', 'one', id],
    queryFn: ({ signal }) =>
      call(staffApi.GET('/api/products/{idOrSlug}', { params: { path: { idOrSlug: String(id) } }, signal })),
  });
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/admin/products">Products</Link> › {product.data?.sku ?? id}
      </p>
      <QueryView query={product}>
        {(p) => (
          <>
            <header className="page-head">
              <h1>
                {p.name} <span className={`status status--${p.status}`}>{p.status}</span>
              </h1>
              <AdminOnly>
                <RemoveButton product={p} />
              </AdminOnly>
            </header>
            <ProductForm key={p.updatedAt} product={p} />
            <h2>Pricing</h2>
            <PricingExplanation productId={p.id} currency={p.currency} />
          </>
        )}
      </QueryView>
    </section>
  );
}

function RemoveButton({ product }: { product: Product }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => call(staffApi.DELETE('/api/products/{id}', { params: { path: { id: product.id } } })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      if (result.outcome === 'deleted') void navigate({ to: '/admin/products' });
    },
  });
  if (product.status === 'archived') return null;
  return (
    <>
      <ConfirmButton
        title={`Archive ${product.sku}?`}
        message="A product that orders or stock refer to is archived: it leaves the shop and keeps its history. One nothing refers to is deleted."
        confirmLabel="Archive"
        onConfirm={() => remove.mutate()}
      >
        Archive
      </ConfirmButton>
      <FormError error={remove.error} fields={[]} title="Not archived" />
    </>
  );
}

const FIELDS = [
  'name',
  'sku',
  'price',
  'compareAtPrice',
  'costPrice',
  'categoryId',
  'status',
  'priceLocked',
  'gtin',
  'description',
];

function ProductForm({ product }: { product: Product }) {
  const queryClient = useQueryClient();
  const canEdit = useRole() === 'admin';
  const categories = useQuery({ queryKey: ['categories'], queryFn: ({ signal }) => listCategories(signal) });
  const [form, setForm] = useState({
    name: product.name,
    sku: product.sku,
    price: product.price,
    compareAtPrice: product.compareAtPrice ?? '',
    costPrice: product.costPrice ?? '',
    categoryId: product.category ? String(product.category.id) : '',
    status: product.status,
    priceLocked: product.priceLocked ?? false,
    gtin: product.gtin ?? '',
    description: product.description ?? '',
  });
  const save = useMutation({
    mutationFn: () =>
      call(
        staffApi.PATCH('/api/products/{id}', {
          params: { path: { id: product.id } },
          body: {
            name: form.name,
            sku: form.sku,
            price: form.price.trim(),
            compareAtPrice: form.compareAtPrice.trim() || null,
            costPrice: form.costPrice.trim() || null,
            categoryId: form.categoryId ? Number(form.categoryId) : null,
            status: form.status,
            priceLocked: form.priceLocked,
            gtin: form.gtin.trim() || null,
            description: form.description.trim() || null,
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(['products', 'one', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      void queryClient.invalidateQueries({ queryKey: ['pricing'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const set = (key: keyof typeof form, value: string | boolean) => setForm((f) => ({ ...f, [key]: value }));
  const text = (
    key: 'name' | 'sku' | 'price' | 'compareAtPrice' | 'costPrice' | 'gtin',
    label: string,
    hint?: string,
  ) => (
    <Field label={label} path={key} error={save.error} hint={hint}>
      {(props) => <input {...props} value={form[key]} disabled={!canEdit} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );
  return (
    <form className="settings" onSubmit={submit} aria-label="Product" data-testid="product-form">
      <FormError error={save.error} fields={FIELDS} />
      <fieldset className="settings__group">
        <legend>Product</legend>
        {text('name', 'Name')}
        {text('sku', 'SKU')}
        {text('gtin', 'GTIN / EAN')}
        <Field label="Category" path="categoryId" error={save.error}>
          {(props) => (
            <select
              {...props}
              value={form.categoryId}
              disabled={!canEdit}
              onChange={(e) => set('categoryId', e.target.value)}
            >
              <option value="">none</option>
              {categoryOptions(categories.data ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status" path="status" error={save.error} hint="drafts and archived products are not sold">
          {(props) => (
            <select {...props} value={form.status} disabled={!canEdit} onChange={(e) => set('status', e.target.value)}>
              {PRODUCT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Description" path="description" error={save.error}>
          {(props) => (
            <textarea
              {...props}
              rows={3}
              value={form.description}
              disabled={!canEdit}
              onChange={(e) => set('description', e.target.value)}
            />
          )}
        </Field>
      </fieldset>
      <fieldset className="settings__group">
        <legend>Price</legend>
        {text('price', `Price (${product.currency})`)}
        {text('compareAtPrice', 'Compare-at ("was") price', 'empty: none')}
        {text('costPrice', 'Own cost price', 'what a unit of own stock cost; empty: unknown')}
        <Field
          label="Lock the price"
          path="priceLocked"
          error={save.error}
          hint="locked: repricing leaves this price alone"
        >
          {(props) => (
            <input
              {...props}
              type="checkbox"
              checked={form.priceLocked}
              disabled={!canEdit}
              onChange={(e) => set('priceLocked', e.target.checked)}
            />
          )}
        </Field>
        <p className="muted">
          Now {formatMoney(product.price, product.currency)}
          {product.priceLocked ? ', locked' : ', follows the pricing rules'}.
        </p>
      </fieldset>
      {canEdit && (
        <div className="settings__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save product'}
          </button>
          {save.isSuccess && <span role="status">Saved.</span>}
        </div>
      )}
    </form>
  );
}
