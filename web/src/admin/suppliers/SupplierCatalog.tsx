/** A supplier's catalog items: search, linked or not, available or not; the filters in the URL. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { call, staffApi } from '../../api';
import { pageWindow } from '../../search';
import { DataTable, type Column } from '../../ui/DataTable';
import { FilterBar, SelectFilter, TextFilter } from '../../ui/filters';
import { Empty } from '../../ui/states';
import { supplierRoute } from './routes';
import type { Supplier } from './settings';

const PAGE_SIZE = 50;

type Item = Awaited<ReturnType<typeof fetchCatalog>>['items'][number];

function fetchCatalog(id: number, search: ReturnType<typeof supplierRoute.useSearch>, signal: AbortSignal) {
  const available = search.available === undefined ? undefined : search.available === 'yes';
  return call(
    staffApi.GET('/api/suppliers/{id}/catalog', {
      params: {
        path: { id },
        query: { ...pageWindow(search.page, PAGE_SIZE), q: search.q, unlinked: search.unlinked, available },
      },
      signal,
    }),
  );
}

export function SupplierCatalog({ supplier }: { supplier: Supplier }) {
  const search = supplierRoute.useSearch();
  const navigate = supplierRoute.useNavigate();
  const catalog = useQuery({
    queryKey: ['supplier-catalog', supplier.id, search],
    queryFn: ({ signal }) => fetchCatalog(supplier.id, search, signal),
    placeholderData: keepPreviousData,
  });
  const filter = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...next, page: undefined }) });
  const columns: Column<Item>[] = [
    { key: 'sku', header: 'Supplier SKU', cell: (i) => <code>{i.supplierSku}</code> },
    { key: 'name', header: 'Name', cell: (i) => i.name ?? <span className="muted">no name</span> },
    { key: 'gtin', header: 'GTIN', cell: (i) => i.gtin ?? <span className="muted">—</span> },
    { key: 'cost', header: 'Cost', numeric: true, cell: (i) => `${i.costPrice} ${i.currency}` },
    { key: 'stock', header: 'Stock', numeric: true, cell: (i) => i.stockQuantity },
    {
      key: 'lead',
      header: 'Lead time',
      numeric: true,
      cell: (i) => (i.leadTimeDays === null ? <span className="muted">—</span> : `${i.leadTimeDays} d`),
    },
    {
      key: 'product',
      header: 'Product',
      cell: (i) =>
        i.productId !== null ? (
          <Link to="/admin/products/$id" params={{ id: String(i.productId) }}>
            {i.productSku}
          </Link>
        ) : (
          <span className="muted">unlinked</span>
        ),
    },
    {
      key: 'available',
      header: 'Available',
      cell: (i) => (
        <span className={`status status--${i.isAvailable ? 'active' : 'paused'}`}>{i.isAvailable ? 'yes' : 'no'}</span>
      ),
    },
  ];
  return (
    <>
      <FilterBar label="Filter the catalog">
        <TextFilter label="SKU, name or GTIN" value={search.q} onChange={(q) => filter({ q })} />
        <SelectFilter
          label="Linked"
          value={search.unlinked ? 'unlinked' : undefined}
          options={[{ value: 'unlinked', label: 'only unlinked' }]}
          onChange={(v) => filter({ unlinked: v ? true : undefined })}
        />
        <SelectFilter
          label="Available"
          value={search.available}
          options={[
            { value: 'yes', label: 'available' },
            { value: 'no', label: 'unavailable' },
          ]}
          onChange={(available) => filter({ available })}
        />
      </FilterBar>
      <DataTable
        label={`Catalog of ${supplier.code}`}
        testId="supplier-catalog"
        columns={columns}
        query={catalog}
        rowKey={(i) => i.id}
        search={search}
        pageSize={PAGE_SIZE}
        onSearchChange={(next) => void navigate({ search: (prev) => ({ ...prev, ...next }) })}
        empty={
          <Empty title={search.q || search.unlinked || search.available ? 'No items match' : 'No catalog yet'}>
            Import a feed on the <Link to="/admin/catalog-imports">catalog imports</Link> page.
          </Empty>
        }
      />
    </>
  );
}
