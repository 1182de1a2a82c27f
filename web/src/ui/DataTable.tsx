/**
 * The console's one table for long lists. The server pages, sorts and filters; the table shows a
 * page of rows and turns clicks on a sortable header or a pager button into a new URL search
 * (page, sort, dir: see search.ts), so a reload or a shared link opens the same view. Filters are
 * the page's own controls, written to the same URL search; a change of filter starts at page 1.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { SortDirection, TableSearch } from '../search';
import { Empty, LoadError, Loading } from './states';

export interface Column<Row, Sort extends string = never> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** The API's sort key, for a column the API sorts by. */
  sort?: Sort;
  /** Numbers and money: right-aligned. */
  numeric?: boolean;
  /** Order numbers, dates and the like: kept on one line, never broken at a hyphen or a space. */
  nowrap?: boolean;
}

function cellClass(column: Pick<Column<never>, 'numeric' | 'nowrap'>): string | undefined {
  const classes = [column.numeric && 'num', column.nowrap && 'nowrap'].filter(Boolean);
  return classes.length > 0 ? classes.join(' ') : undefined;
}

export interface Page<Row> {
  items: Row[];
  /** All rows that match, when the API counts them. */
  total?: number | null;
}

export function DataTable<Row, Sort extends string = never>({
  label,
  columns,
  query,
  rowKey,
  search,
  pageSize,
  onSearchChange,
  empty,
  testId,
  defaultSort,
}: {
  /** What the rows are, for screen readers ("Alerts", "Orders"). */
  label: string;
  columns: Column<Row, Sort>[];
  query: UseQueryResult<Page<Row>>;
  rowKey: (row: Row) => string | number;
  search: TableSearch<Sort>;
  pageSize: number;
  onSearchChange: (next: TableSearch<Sort>) => void;
  empty: ReactNode;
  testId?: string;
  /** The order the API uses when the URL names none. */
  defaultSort?: { key: Sort; dir: SortDirection };
}) {
  const page = search.page ?? 1;
  const data = query.data;
  if (query.isPending) return <Loading />;
  if (data === undefined) return <LoadError error={query.error} retry={() => void query.refetch()} />;

  const sortKey = search.sort ?? defaultSort?.key;
  const sortDir = search.sort ? (search.dir ?? 'asc') : defaultSort?.dir;
  const total = data.total ?? null;
  const pages = total !== null ? Math.max(1, Math.ceil(total / pageSize)) : null;
  const hasNext = pages !== null ? page < pages : data.items.length === pageSize;
  const toggle = (key: Sort) => {
    const dir: SortDirection = sortKey === key && sortDir === 'asc' ? 'desc' : 'asc';
    onSearchChange({ sort: key, dir, page: undefined });
  };

  return (
    <div className="data-table">
      {query.isError && <LoadError error={query.error} retry={() => void query.refetch()} />}
      {data.items.length === 0 ? (
        page > 1 ? (
          <Empty title="No rows on this page">
            <button type="button" className="linklike" onClick={() => onSearchChange({ page: undefined })}>
              Back to the first page
            </button>
          </Empty>
        ) : (
          empty
        )
      ) : (
        <div className="table-wrap">
          <table
            className={`table${query.isFetching ? ' table--stale' : ''}`}
            aria-label={label}
            aria-busy={query.isFetching}
            data-testid={testId}
          >
            <thead>
              <tr>
                {columns.map((c) => (
                  <th
                    key={c.key}
                    className={cellClass(c)}
                    scope="col"
                    aria-sort={
                      c.sort && sortKey === c.sort ? (sortDir === 'desc' ? 'descending' : 'ascending') : undefined
                    }
                  >
                    {c.sort ? (
                      <button type="button" className="table__sort" onClick={() => toggle(c.sort as Sort)}>
                        {c.header}
                        <span aria-hidden="true">{sortKey === c.sort ? (sortDir === 'desc' ? ' ▼' : ' ▲') : ' ↕'}</span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.items.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <td key={c.key} className={cellClass(c)}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(page > 1 || hasNext) && (
        <nav className="pager" aria-label={`${label}: pages`}>
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={page <= 1}
            onClick={() => onSearchChange({ page: page - 1 > 1 ? page - 1 : undefined })}
          >
            ← Previous
          </button>
          <span>
            Page {page}
            {pages !== null && ` of ${pages}`}
            {total !== null && ` · ${total} in all`}
          </span>
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={!hasNext}
            onClick={() => onSearchChange({ page: page + 1 })}
          >
            Next →
          </button>
        </nav>
      )}
    </div>
  );
}

/**
 * How a list page writes its URL: `filter` sets filters and goes back to the first page,
 * `onSearchChange` is the table's (page, sort). `navigate` is the page route's useNavigate().
 */
export function urlSearchUpdaters<S extends TableSearch<string>>(
  navigate: (options: { search: (prev: S) => S }) => Promise<void>,
) {
  return {
    filter: (next: Partial<S>) => void navigate({ search: (prev) => ({ ...prev, ...next, page: undefined }) }),
    onSearchChange: (next: TableSearch<string>) => void navigate({ search: (prev) => ({ ...prev, ...next }) }),
  };
}
