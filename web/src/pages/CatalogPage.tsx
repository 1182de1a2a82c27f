import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { listCategories, listProducts, type SortKey } from '../api';
import { CategoryTree, findCategory } from '../components/CategoryTree';
import { ErrorBox } from '../components/ErrorBox';
import { ProductCard } from '../components/ProductCard';

const catalog = getRouteApi('/shop/');

const PAGE_SIZE = 24;
const sorts: { key: SortKey; label: string }[] = [
  { key: 'newest', label: 'Newest' },
  { key: 'price', label: 'Price: low to high' },
  { key: 'price_desc', label: 'Price: high to low' },
  { key: 'name', label: 'Name: A to Z' },
];

export function CatalogPage() {
  const search = catalog.useSearch();
  const navigate = catalog.useNavigate();
  const categories = useCategories().data ?? null;
  const { q = null, category = null, inStock = false, minPrice = null, maxPrice = null } = search;
  const sort: SortKey = search.sort ?? 'newest';
  // Pages by number in the URL (?page=2): a shared link or a reload shows the same products.
  const pageNumber = search.page ?? 1;

  const products = useQuery({
    queryKey: ['products', q, category, sort, inStock, minPrice, maxPrice, pageNumber],
    queryFn: ({ signal }) =>
      listProducts(
        { limit: PAGE_SIZE, offset: (pageNumber - 1) * PAGE_SIZE, q, category, sort, inStock, minPrice, maxPrice },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const loading = products.isFetching;

  /** A new filter or sort starts at the first page. */
  const setParams = (values: Partial<typeof search>) =>
    void navigate({ to: '/', search: (prev) => ({ ...prev, ...values, page: undefined }), resetScroll: false });
  const toPage = (n: number) =>
    void navigate({ to: '/', search: (prev) => ({ ...prev, page: n > 1 ? n : undefined }) });

  const current = categories ? findCategory(categories, category) : null;
  const heading = q ? `Results for “${q}”` : (current?.name ?? 'All products');
  const page = products.data;

  return (
    <div className="catalog">
      <aside className="catalog__aside">
        {categories ? (
          <CategoryTree categories={categories} active={category} />
        ) : (
          <div className="skeleton skeleton--tree" />
        )}
      </aside>
      <section className="catalog__main">
        {!q && !category && pageNumber === 1 && (
          <div className="hero">
            <div>
              <p className="hero__kicker">Outlet prices, every day</p>
              <h1>Brand goods, outlet prices</h1>
              <p>Overstock, last-season and open-box items from our own warehouse and trusted partners.</p>
            </div>
          </div>
        )}
        <div className="toolbar">
          <div>
            <h2 className="toolbar__title">{heading}</h2>
            <p className="toolbar__meta" data-testid="result-count">
              {page?.total != null ? `${page.total} ${page.total === 1 ? 'product' : 'products'}` : ' '}
              {(q || category || minPrice || maxPrice || inStock) && (
                <>
                  {' · '}
                  <button type="button" className="linklike" onClick={() => void navigate({ to: '/', search: {} })}>
                    clear filters
                  </button>
                </>
              )}
            </p>
          </div>
          <div className="toolbar__controls">
            <PriceFilter
              key={`${minPrice}-${maxPrice}`}
              min={minPrice}
              max={maxPrice}
              onApply={(min, max) => setParams({ minPrice: min ?? undefined, maxPrice: max ?? undefined })}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={inStock}
                onChange={(e) => setParams({ inStock: e.target.checked ? true : undefined })}
              />
              In stock only
            </label>
            <label className="select">
              <span>Sort</span>
              <select
                value={sort}
                onChange={(e) =>
                  setParams({ sort: sorts.find((s) => s.key === e.target.value && s.key !== 'newest')?.key })
                }
                aria-label="Sort products"
              >
                {sorts.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>

        {products.isError && <ErrorBox error={products.error} title="The products could not be loaded" />}
        {!page && loading && <div className="grid grid--loading" aria-busy="true" />}
        {page && page.items.length === 0 && !loading && (
          <div className="empty">
            <h3>No products found</h3>
            <p>Try another search word or category.</p>
          </div>
        )}
        {page && page.items.length > 0 && (
          <div className={`grid${loading ? ' grid--stale' : ''}`} data-testid="product-grid">
            {page.items.map((p) => (
              <ProductCard key={p.id} product={p} />
            ))}
          </div>
        )}
        {page && (pageNumber > 1 || page.nextCursor) && (
          <nav className="pager" aria-label="Pages">
            <button
              type="button"
              className="button button--ghost"
              disabled={pageNumber === 1 || loading}
              onClick={() => toPage(pageNumber - 1)}
            >
              ← Previous
            </button>
            <span>
              Page {pageNumber}
              {page.total != null && ` of ${Math.max(1, Math.ceil(page.total / PAGE_SIZE))}`}
            </span>
            <button
              type="button"
              className="button button--ghost"
              disabled={!page.nextCursor || loading}
              onClick={() => toPage(pageNumber + 1)}
            >
              Next →
            </button>
          </nav>
        )}
      </section>
    </div>
  );
}

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: ({ signal }) => listCategories(signal), staleTime: 300_000 });
}

/** Price range in whole or decimal euros; the server validates the amounts again. */
function PriceFilter({
  min,
  max,
  onApply,
}: {
  min: string | null;
  max: string | null;
  onApply: (min: string | null, max: string | null) => void;
}) {
  const [from, setFrom] = useState(min ?? '');
  const [to, setTo] = useState(max ?? '');
  const amount = (value: string) => {
    const v = value.trim().replace(',', '.');
    return /^\d{1,9}(\.\d{1,2})?$/.test(v) ? v : null;
  };
  const invalid = (from.trim() !== '' && !amount(from)) || (to.trim() !== '' && !amount(to));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!invalid) onApply(amount(from), amount(to));
  };
  return (
    <form className="price-filter" onSubmit={submit} aria-label="Price range">
      <input
        inputMode="decimal"
        placeholder="€ min"
        aria-label="Minimum price"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        aria-invalid={from.trim() !== '' && !amount(from)}
      />
      <span aria-hidden="true">–</span>
      <input
        inputMode="decimal"
        placeholder="€ max"
        aria-label="Maximum price"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        aria-invalid={to.trim() !== '' && !amount(to)}
      />
      <button type="submit" className="button button--small" disabled={invalid}>
        Apply
      </button>
    </form>
  );
}
