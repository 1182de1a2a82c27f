/**
 * A supplier's items linked to no product: link one to a product by its SKU, or create draft
 * products from all of them (they stay drafts until someone activates them).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { call, staffApi } from '../../api';
import { pageWindow } from '../../search';
import { ConfirmButton } from '../../ui/Confirm';
import { DataTable, type Column } from '../../ui/DataTable';
import { Field, FormError } from '../../ui/form';
import { Empty } from '../../ui/states';
import { AdminOnly, useRole } from '../role';
import { catalogImportsRoute } from './routes';

const PAGE_SIZE = 20;

type Item = Awaited<ReturnType<typeof fetchUnlinked>>['items'][number];

function fetchUnlinked(supplierId: number, page: number | undefined, signal: AbortSignal) {
  return call(
    staffApi.GET('/api/suppliers/{id}/catalog', {
      params: { path: { id: supplierId }, query: { ...pageWindow(page, PAGE_SIZE), unlinked: true } },
      signal,
    }),
  );
}

export function UnlinkedItems({ supplier }: { supplier: { id: number; code: string } }) {
  const search = catalogImportsRoute.useSearch();
  const navigate = catalogImportsRoute.useNavigate();
  const queryClient = useQueryClient();
  const admin = useRole() === 'admin';
  const unlinked = useQuery({
    queryKey: ['unlinked', supplier.id, search.unlinkedPage],
    queryFn: ({ signal }) => fetchUnlinked(supplier.id, search.unlinkedPage, signal),
    placeholderData: keepPreviousData,
  });
  const drafts = useMutation({
    mutationFn: () =>
      call(staffApi.POST('/api/suppliers/{id}/catalog/drafts', { params: { path: { id: supplier.id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['unlinked'] }),
  });
  const columns: Column<Item>[] = [
    { key: 'sku', header: 'Supplier SKU', cell: (i) => <code>{i.supplierSku}</code> },
    { key: 'name', header: 'Name', cell: (i) => i.name ?? <span className="muted">no name</span> },
    { key: 'cost', header: 'Cost', numeric: true, cell: (i) => `${i.costPrice} ${i.currency}` },
    { key: 'stock', header: 'Stock', numeric: true, cell: (i) => i.stockQuantity },
    ...(admin
      ? [{ key: 'link', header: 'Link to product', cell: (i: Item) => <LinkForm supplierId={supplier.id} item={i} /> }]
      : []),
  ];
  return (
    <section data-testid="unlinked-items">
      <header className="page-head">
        <h2>Unlinked items of {supplier.code}</h2>
        <AdminOnly>
          <ConfirmButton
            className="button button--small"
            title="Create draft products?"
            message={`Every available unlinked item of ${supplier.code} with a name becomes a draft product, linked to it. Drafts are not sold until you activate them.`}
            confirmLabel="Create drafts"
            onConfirm={() => drafts.mutate()}
          >
            Create draft products
          </ConfirmButton>
        </AdminOnly>
      </header>
      {drafts.data && (
        <p role="status" className="notice">
          {drafts.data.created} draft products created.
        </p>
      )}
      <FormError error={drafts.error} fields={[]} title="No drafts created" />
      <DataTable
        label={`Unlinked items of ${supplier.code}`}
        testId="unlinked-table"
        columns={columns}
        query={unlinked}
        rowKey={(i) => i.id}
        search={{ page: search.unlinkedPage }}
        pageSize={PAGE_SIZE}
        onSearchChange={(next) => void navigate({ search: (prev) => ({ ...prev, unlinkedPage: next.page }) })}
        empty={<Empty title="Every item is linked to a product" />}
      />
    </section>
  );
}

function LinkForm({ supplierId, item }: { supplierId: number; item: Item }) {
  const queryClient = useQueryClient();
  const [productSku, setProductSku] = useState('');
  const link = useMutation({
    mutationFn: () =>
      call(
        staffApi.POST('/api/suppliers/{id}/catalog/links', {
          params: { path: { id: supplierId } },
          body: { supplierSku: item.supplierSku, productSku: productSku.trim() },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['unlinked'] });
      void queryClient.invalidateQueries({ queryKey: ['products'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    link.mutate();
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Link ${item.supplierSku}`}>
      <Field label={`Product SKU for ${item.supplierSku}`} path="productSku" error={link.error}>
        {(props) => <input {...props} value={productSku} onChange={(e) => setProductSku(e.target.value)} required />}
      </Field>
      <button type="submit" className="button button--small" disabled={link.isPending}>
        Link
      </button>
      <FormError error={link.error} fields={['productSku']} title="Not linked" />
    </form>
  );
}
