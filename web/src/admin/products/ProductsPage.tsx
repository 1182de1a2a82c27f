/**
 * The catalog as the operator sees it: every product (drafts and archived too) with its price, the
 * cost basis a reprice takes, the margin of the price over it, and the units each source offers.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { call, listCategories, staffApi } from '../../api';
import { formatMoney } from '../../money';
import { pageWindow } from '../../search';
import { DataTable, type Column } from '../../ui/DataTable';
import { FilterBar, SelectFilter, TextFilter } from '../../ui/filters';
import { Empty } from '../../ui/states';
import { categoryOptions } from './categories';
import { Categories } from './Categories';
import { PRODUCT_SORTS, PRODUCT_STATUSES, productsRoute } from './routes';

const PAGE_SIZE = 25;

async function fetchProducts(search: ReturnType<typeof productsRoute.useSearch>, signal: AbortSignal) {
  const page = await call(
    staffApi.GET('/api/products', {
      params: {
        query: {
          ...pageWindow(search.page, PAGE_SIZE),
          q: search.q,
          status: search.status,
          category: search.category,
          sort: search.order ?? 'newest',
        },
      },
      signal,
    }),
  );
  const ids = page.items.map((p) => p.id);
  const pricing =
    ids.length > 0
      ? (await call(staffApi.GET('/api/pricing/products', { params: { query: { id: ids } }, signal }))).items
      : [];
  const byId = new Map(pricing.map((p) => [p.productId, p]));
  return { total: page.total, items: page.items.map((p) => ({ ...p, pricing: byId.get(p.id) ?? null })) };
}

type Row = Awaited<ReturnType<typeof fetchProducts>>['items'][number];

const columns: Column<Row>[] = [
  {
    key: 'sku',
    header: 'SKU',
    cell: (p) => (
      <Link to="/admin/products/$id" params={{ id: String(p.id) }}>
        <code>{p.sku}</code>
      </Link>
    ),
  },
  { key: 'name', header: 'Name', cell: (p) => p.name },
  { key: 'status', header: 'Status', cell: (p) => <span className={`status status--${p.status}`}>{p.status}</span> },
  {
    key: 'price',
    header: 'Price',
    numeric: true,
    cell: (p) => (
      <>
        {formatMoney(p.price, p.currency)}
        {p.priceLocked && (
          <span className="muted" title="locked: repricing leaves it alone">
            {' '}
            🔒
          </span>
        )}
      </>
    ),
  },
  {
    key: 'basis',
    header: 'Cost basis',
    numeric: true,
    cell: (p) =>
      p.pricing?.basis ? (
        <>
          {p.pricing.basis.cost}
          <br />
          <span className="muted">{p.pricing.basis.source}</span>
        </>
      ) : (
        <span className="muted">no cost known</span>
      ),
  },
  {
    key: 'margin',
    header: 'Margin',
    numeric: true,
    cell: (p) =>
      p.pricing?.marginPercent != null ? (
        <span className={p.pricing.marginPercent.startsWith('-') ? 'line-error' : undefined}>
          {p.pricing.marginPercent} %
        </span>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    key: 'stock',
    header: 'Stock per source',
    cell: (p) =>
      p.pricing && p.pricing.sources.length > 0 ? (
        <ul className="sources">
          {p.pricing.sources.map((s) => (
            <li key={`${s.kind}-${s.source}`} className={s.offered ? undefined : 'muted'} title={s.notOffered}>
              {s.source}: {s.units}
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted">none</span>
      ),
  },
];

export function ProductsPage() {
  const search = productsRoute.useSearch();
  const navigate = productsRoute.useNavigate();
  const products = useQuery({
    queryKey: ['products', 'console', search],
    queryFn: ({ signal }) => fetchProducts(search, signal),
    placeholderData: keepPreviousData,
  });
  const categories = useQuery({ queryKey: ['categories'], queryFn: ({ signal }) => listCategories(signal) });
  const filter = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...next, page: undefined }) });
  return (
    <section>
      <h1>Products</h1>
      <FilterBar label="Filter products">
        <TextFilter label="Name or SKU" value={search.q} onChange={(q) => filter({ q })} />
        <SelectFilter
          label="Status"
          value={search.status}
          options={PRODUCT_STATUSES.map((s) => ({ value: s, label: s }))}
          onChange={(status) => filter({ status })}
        />
        <SelectFilter
          label="Category"
          value={search.category}
          options={categoryOptions(categories.data ?? [])}
          onChange={(category) => filter({ category })}
        />
        <SelectFilter
          label="Order"
          value={search.order}
          allLabel="newest first"
          options={PRODUCT_SORTS.filter((s) => s !== 'newest').map((s) => ({ value: s, label: s.replace('_', ' ') }))}
          onChange={(order) => filter({ order })}
        />
      </FilterBar>
      <DataTable
        label="Products"
        testId="admin-products"
        columns={columns}
        query={products}
        rowKey={(p) => p.id}
        search={search}
        pageSize={PAGE_SIZE}
        onSearchChange={(next) => void navigate({ search: (prev) => ({ ...prev, ...next }) })}
        empty={<Empty title={search.q || search.status || search.category ? 'No products match' : 'No products yet'} />}
      />
      <Categories />
    </section>
  );
}
