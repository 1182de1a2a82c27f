/**
 * Catalog imports: pick a supplier, upload its feed and read the report; the history of every
 * supplier's imports with one import's rejected rows; the supplier's unlinked items, to link by
 * hand or to turn into draft products.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { call, staffApi } from '../../api';
import { pageWindow } from '../../search';
import { DataTable, type Column } from '../../ui/DataTable';
import { FilterBar, SelectFilter } from '../../ui/filters';
import { Empty, QueryView } from '../../ui/states';
import { AdminOnly } from '../role';
import { Rejections, ReportFigures } from './report';
import { IMPORT_STATUSES, catalogImportsRoute } from './routes';
import { UnlinkedItems } from './UnlinkedItems';
import { UploadFeed } from './UploadFeed';

const PAGE_SIZE = 20;

type ImportRow = Awaited<ReturnType<typeof fetchImports>>['items'][number];

function fetchImports(search: ReturnType<typeof catalogImportsRoute.useSearch>, signal: AbortSignal) {
  return call(
    staffApi.GET('/api/catalog-imports', {
      params: { query: { ...pageWindow(search.page, PAGE_SIZE), supplierId: search.supplier, status: search.status } },
      signal,
    }),
  );
}

export function CatalogImportsPage() {
  const search = catalogImportsRoute.useSearch();
  const navigate = catalogImportsRoute.useNavigate();
  const suppliers = useQuery({
    queryKey: ['suppliers', 'all-for-imports'],
    queryFn: ({ signal }) =>
      call(staffApi.GET('/api/suppliers', { params: { query: { limit: 100, offset: 0 } }, signal })),
  });
  const imports = useQuery({
    queryKey: ['catalog-imports', search.supplier, search.status, search.page],
    queryFn: ({ signal }) => fetchImports(search, signal),
    placeholderData: keepPreviousData,
  });
  const filter = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...next, page: undefined }) });
  const supplier = suppliers.data?.items.find((s) => s.id === search.supplier);

  const columns: Column<ImportRow>[] = [
    { key: 'started', header: 'Started', cell: (i) => new Date(i.startedAt).toLocaleString() },
    { key: 'supplier', header: 'Supplier', cell: (i) => <code>{i.supplierCode}</code> },
    { key: 'source', header: 'Source', cell: (i) => i.source },
    {
      key: 'status',
      header: 'Status',
      cell: (i) => (
        <span
          className={`status status--${i.status === 'completed' ? 'active' : i.status === 'running' ? 'pending' : 'cancelled'}`}
        >
          {i.status}
          {i.forced && ' (forced)'}
        </span>
      ),
    },
    { key: 'inserted', header: 'Inserted', numeric: true, cell: (i) => i.inserted },
    { key: 'updated', header: 'Updated', numeric: true, cell: (i) => i.updated },
    { key: 'unchanged', header: 'Unchanged', numeric: true, cell: (i) => i.unchanged },
    { key: 'rejected', header: 'Rejected', numeric: true, cell: (i) => i.rejected },
    {
      key: 'report',
      header: 'Report',
      cell: (i) => (
        <Link to="/admin/catalog-imports" search={{ ...search, report: i.id }} aria-label={`Report of import ${i.id}`}>
          Report
        </Link>
      ),
    },
  ];

  return (
    <section>
      <h1>Catalog imports</h1>
      <FilterBar label="Supplier">
        <SelectFilter
          label="Supplier"
          value={search.supplier !== undefined ? String(search.supplier) : undefined}
          allLabel="every supplier"
          options={(suppliers.data?.items ?? []).map((s) => ({ value: String(s.id), label: `${s.code} · ${s.name}` }))}
          onChange={(v) => filter({ supplier: v ? Number(v) : undefined, unlinkedPage: undefined })}
        />
        <SelectFilter
          label="Status"
          value={search.status}
          options={IMPORT_STATUSES.map((s) => ({ value: s, label: s }))}
          onChange={(status) => filter({ status })}
        />
      </FilterBar>

      {supplier ? (
        <AdminOnly>
          <h2>Upload a feed for {supplier.code}</h2>
          <UploadFeed key={supplier.id} supplierId={supplier.id} />
        </AdminOnly>
      ) : (
        <p className="muted">Choose a supplier to upload its feed and see its unlinked items.</p>
      )}

      {search.report !== undefined && <ImportDetail id={search.report} />}

      <h2>History</h2>
      <DataTable
        label="Catalog imports"
        testId="import-history"
        columns={columns}
        query={imports}
        rowKey={(i) => i.id}
        search={search}
        pageSize={PAGE_SIZE}
        onSearchChange={(next) => void navigate({ search: (prev) => ({ ...prev, ...next }) })}
        empty={<Empty title={search.supplier || search.status ? 'No imports match' : 'No imports yet'} />}
      />

      {supplier && <UnlinkedItems supplier={supplier} />}
    </section>
  );
}

function ImportDetail({ id }: { id: number }) {
  const search = catalogImportsRoute.useSearch();
  const detail = useQuery({
    queryKey: ['catalog-imports', 'one', id],
    queryFn: ({ signal }) => call(staffApi.GET('/api/catalog-imports/{id}', { params: { path: { id } }, signal })),
  });
  return (
    <section className="panel report" aria-label={`Import ${id}`} data-testid="import-detail">
      <header className="page-head">
        <h2>Import {id}</h2>
        <Link
          to="/admin/catalog-imports"
          search={{ ...search, report: undefined }}
          className="button button--ghost button--small"
        >
          Close
        </Link>
      </header>
      <QueryView query={detail}>
        {(d) => (
          <>
            <p className="muted">
              {d.supplierCode} · {d.source} · {d.mode} · {d.status}
              {d.message && ` · ${d.message}`}
            </p>
            <ReportFigures report={d} />
            <Rejections rejections={d.rejections} total={d.rejected} />
          </>
        )}
      </QueryView>
    </section>
  );
}
