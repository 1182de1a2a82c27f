/**
 * One supplier: its settings, its catalog and its performance, one tab each (the tab in the URL);
 * admins pause, resume and archive it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { call, staffApi } from '../../api';
import { whole } from '../../search';
import { ConfirmButton } from '../../ui/Confirm';
import { FormError } from '../../ui/form';
import { QueryView } from '../../ui/states';
import { AdminOnly } from '../role';
import { SupplierPerformance } from '../performance/SupplierPerformance';
import { SUPPLIER_TABS, supplierRoute } from './routes';
import { formOf, type Supplier } from './settings';
import { SupplierCatalog } from './SupplierCatalog';
import { SupplierForm } from './SupplierForm';

export function SupplierPage() {
  const id = whole(supplierRoute.useParams().id) ?? 0;
  const supplier = useQuery({
    queryKey: ['supplier', id],
    queryFn: ({ signal }) => call(staffApi.GET('/api/suppliers/{id}', { params: { path: { id } }, signal })),
  });
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/admin/suppliers">Suppliers</Link> › {supplier.data?.code ?? id}
      </p>
      <QueryView query={supplier}>{(s) => <SupplierView supplier={s} />}</QueryView>
    </section>
  );
}

function SupplierView({ supplier }: { supplier: Supplier }) {
  const search = supplierRoute.useSearch();
  const tab = search.tab ?? 'settings';
  const queryClient = useQueryClient();
  const saved = (next: Supplier) => {
    queryClient.setQueryData(['supplier', next.id], next);
    void queryClient.invalidateQueries({ queryKey: ['suppliers'] });
  };
  const status = useMutation({
    mutationFn: (next: 'active' | 'paused') =>
      call(staffApi.PATCH('/api/suppliers/{id}', { params: { path: { id: supplier.id } }, body: { status: next } })),
    onSuccess: saved,
  });
  const archive = useMutation({
    mutationFn: () => call(staffApi.POST('/api/suppliers/{id}/archive', { params: { path: { id: supplier.id } } })),
    onSuccess: saved,
  });

  return (
    <>
      <header className="page-head">
        <h1>
          {supplier.name} <span className={`status status--${supplier.status}`}>{supplier.status}</span>
        </h1>
        <AdminOnly>
          <div className="actions">
            {supplier.status === 'active' && (
              <button type="button" className="button button--small" onClick={() => status.mutate('paused')}>
                Pause
              </button>
            )}
            {supplier.status === 'paused' && (
              <button type="button" className="button button--small" onClick={() => status.mutate('active')}>
                Resume
              </button>
            )}
            {supplier.status !== 'archived' && (
              <ConfirmButton
                title={`Archive ${supplier.code}?`}
                message="The supplier keeps its history and gets no new orders. This cannot be undone from the console."
                confirmLabel="Archive"
                onConfirm={() => archive.mutate()}
              >
                Archive
              </ConfirmButton>
            )}
          </div>
        </AdminOnly>
      </header>
      <FormError error={status.error ?? archive.error} fields={[]} title="The status did not change" />
      <nav className="tabs" aria-label="Supplier">
        {SUPPLIER_TABS.map((t) => (
          <Link
            key={t}
            to="/admin/suppliers/$id"
            params={{ id: String(supplier.id) }}
            search={{ tab: t === 'settings' ? undefined : t }}
            className={t === tab ? 'tabs__tab tabs__tab--active' : 'tabs__tab'}
            aria-current={t === tab ? 'page' : undefined}
          >
            {t[0]!.toUpperCase() + t.slice(1)}
          </Link>
        ))}
      </nav>
      {tab === 'settings' && (
        <SupplierForm key={supplier.updatedAt} initial={formOf(supplier)} supplier={supplier} onSaved={saved} />
      )}
      {tab === 'catalog' && <SupplierCatalog supplier={supplier} />}
      {tab === 'performance' && <SupplierPerformance supplierId={supplier.id} />}
    </>
  );
}
