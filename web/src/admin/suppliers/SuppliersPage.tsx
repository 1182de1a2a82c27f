import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { call, staffApi } from '../../api';
import { pageWindow } from '../../search';
import { DataTable, urlSearchUpdaters, type Column } from '../../ui/DataTable';
import { FilterBar, SelectFilter, TextFilter } from '../../ui/filters';
import { Empty } from '../../ui/states';
import { AdminOnly } from '../role';
import { SUPPLIER_STATUSES, suppliersRoute } from './routes';

const PAGE_SIZE = 50;

type SupplierRow = Awaited<ReturnType<typeof fetchSuppliers>>['items'][number];

function fetchSuppliers(search: ReturnType<typeof suppliersRoute.useSearch>, signal: AbortSignal) {
  const { status, q, page } = search;
  return call(
    staffApi.GET('/api/suppliers', { params: { query: { ...pageWindow(page, PAGE_SIZE), status, q } }, signal }),
  );
}

const columns: Column<SupplierRow>[] = [
  { key: 'code', header: 'Code', cell: (s) => <code>{s.code}</code> },
  {
    key: 'name',
    header: 'Name',
    cell: (s) => (
      <>
        <div>
          <Link to="/admin/suppliers/$id" params={{ id: String(s.id) }}>
            {s.name}
          </Link>
        </div>
        {s.email && <span className="muted">{s.email}</span>}
      </>
    ),
  },
  { key: 'orderMethod', header: 'Orders go by', cell: (s) => s.orderMethod.replace(/_/g, ' ') },
  { key: 'orderEmail', header: 'Order e-mail', cell: (s) => s.orderEmail ?? '' },
  { key: 'currency', header: 'Currency', cell: (s) => s.currency },
  { key: 'status', header: 'Status', cell: (s) => <span className={`status status--${s.status}`}>{s.status}</span> },
];

export function SuppliersPage() {
  const search = suppliersRoute.useSearch();
  const navigate = suppliersRoute.useNavigate();
  const suppliers = useQuery({
    queryKey: ['suppliers', search],
    queryFn: ({ signal }) => fetchSuppliers(search, signal),
    placeholderData: keepPreviousData,
  });
  const { filter, onSearchChange } = urlSearchUpdaters<typeof search>(navigate);

  return (
    <section>
      <header className="page-head">
        <h1>Suppliers</h1>
        <AdminOnly>
          <Link to="/admin/suppliers/new" className="button button--primary button--small">
            New supplier
          </Link>
        </AdminOnly>
      </header>
      <FilterBar label="Filter suppliers">
        <SelectFilter
          label="Status"
          value={search.status}
          options={SUPPLIER_STATUSES.map((s) => ({ value: s, label: s }))}
          onChange={(status) => filter({ status })}
        />
        <TextFilter label="Name or code" value={search.q} onChange={(q) => filter({ q })} />
      </FilterBar>
      <DataTable
        label="Suppliers"
        testId="admin-suppliers"
        columns={columns}
        query={suppliers}
        rowKey={(s) => s.id}
        search={search}
        pageSize={PAGE_SIZE}
        onSearchChange={onSearchChange}
        empty={<Empty title={search.status || search.q ? 'No suppliers match' : 'No suppliers yet'} />}
      />
    </section>
  );
}
