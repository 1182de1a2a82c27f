/**
 * Own stock: the sources, the stock rows filtered by SKU, source and low stock, and for one row the
 * stock count (set) and the adjustment (add or remove units), each with its reason, and the audit
 * trail of every change.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { call, staffApi } from '../../api';
import { pageWindow } from '../../search';
import { DataTable, type Column } from '../../ui/DataTable';
import { FilterBar, SelectFilter, TextFilter } from '../../ui/filters';
import { Empty, QueryView } from '../../ui/states';
import { stockRoute } from './routes';
import { CountNewStock, StockRowPanel } from './StockRowPanel';

const PAGE_SIZE = 50;

async function fetchStock(search: ReturnType<typeof stockRoute.useSearch>, signal: AbortSignal) {
  return call(
    staffApi.GET('/api/inventory', {
      params: {
        query: {
          ...pageWindow(search.page, PAGE_SIZE),
          sku: search.sku,
          sourceId: search.source,
          lowStock: search.low,
        },
      },
      signal,
    }),
  );
}

export type StockRow = Awaited<ReturnType<typeof fetchStock>>['items'][number];

const columns: Column<StockRow>[] = [
  { key: 'sku', header: 'SKU', cell: (r) => <code>{r.sku}</code> },
  { key: 'name', header: 'Product', cell: (r) => r.productName },
  { key: 'source', header: 'Source', cell: (r) => r.sourceCode },
  { key: 'onHand', header: 'On hand', numeric: true, cell: (r) => r.quantityOnHand },
  { key: 'reserved', header: 'Reserved', numeric: true, cell: (r) => r.quantityReserved },
  {
    key: 'available',
    header: 'Available',
    numeric: true,
    cell: (r) => <span className={r.isLowStock ? 'line-error' : undefined}>{r.quantityAvailable}</span>,
  },
  { key: 'low', header: 'Low at', numeric: true, cell: (r) => r.lowStockThreshold },
  { key: 'bin', header: 'Bin', cell: (r) => r.binLocation ?? '' },
  {
    key: 'change',
    header: 'Change',
    cell: (r) => (
      <Link
        to="/admin/stock"
        search={(prev) => ({ ...prev, row: r.id })}
        aria-label={`Change stock of ${r.sku} at ${r.sourceCode}`}
      >
        Set / adjust
      </Link>
    ),
  },
];

export function StockPage() {
  const search = stockRoute.useSearch();
  const navigate = stockRoute.useNavigate();
  const sources = useQuery({
    queryKey: ['inventory', 'sources'],
    queryFn: ({ signal }) => call(staffApi.GET('/api/inventory/sources', { params: { query: {} }, signal })),
  });
  const stock = useQuery({
    queryKey: ['inventory', 'stock', search.sku, search.source, search.low, search.page],
    queryFn: ({ signal }) => fetchStock(search, signal),
    placeholderData: keepPreviousData,
  });
  const filter = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...next, page: undefined }) });
  const own = (sources.data?.items ?? []).filter((s) => s.type !== 'supplier');
  const open = stock.data?.items.find((r) => r.id === search.row);

  return (
    <section>
      <h1>Stock</h1>
      <h2>Sources</h2>
      <QueryView query={sources} isEmpty={(d) => d.items.length === 0} empty={<Empty title="No inventory sources" />}>
        {(data) => (
          <div className="table-wrap">
            <table className="table" aria-label="Inventory sources">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col" className="num">
                    Priority
                  </th>
                  <th scope="col">Active</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <code>{s.code}</code>
                    </td>
                    <td>{s.name}</td>
                    <td>{s.type}</td>
                    <td className="num">{s.priority}</td>
                    <td>{s.isActive ? 'yes' : <span className="muted">no</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>

      <h2>Own stock</h2>
      <FilterBar label="Filter stock">
        <TextFilter label="SKU" value={search.sku} onChange={(sku) => filter({ sku })} />
        <SelectFilter
          label="Source"
          value={search.source !== undefined ? String(search.source) : undefined}
          options={own.map((s) => ({ value: String(s.id), label: s.code }))}
          onChange={(v) => filter({ source: v ? Number(v) : undefined })}
        />
        <SelectFilter
          label="Low stock"
          value={search.low ? 'low' : undefined}
          options={[{ value: 'low', label: 'only low stock' }]}
          onChange={(v) => filter({ low: v ? true : undefined })}
        />
      </FilterBar>
      {open && (
        <StockRowPanel
          key={open.id}
          row={open}
          onClose={() => void navigate({ search: (prev) => ({ ...prev, row: undefined }) })}
        />
      )}
      <DataTable
        label="Own stock"
        testId="stock-table"
        columns={columns}
        query={stock}
        rowKey={(r) => r.id}
        search={search}
        pageSize={PAGE_SIZE}
        onSearchChange={(next) => void navigate({ search: (prev) => ({ ...prev, ...next }) })}
        empty={<Empty title={search.sku || search.source || search.low ? 'No stock rows match' : 'No own stock yet'} />}
      />
      <CountNewStock sources={own.filter((s) => s.isActive).map((s) => s.code)} />
    </section>
  );
}
