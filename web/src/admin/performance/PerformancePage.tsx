/** Every supplier side by side: rating and the metrics behind it for a period, sorted; weekly charts. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { call, staffApi } from '../../api';
import { DataTable, type Column } from '../../ui/DataTable';
import { FilterBar } from '../../ui/filters';
import { Empty } from '../../ui/states';
import { Rating, type PerformanceFigures } from './Figures';
import { hours, percent } from './periods';
import { PeriodSelect } from './PeriodSelect';
import { RecomputeButton } from './RecomputeButton';
import { performanceRoute, PERFORMANCE_SORTS } from './routes';
import { WeeklyCharts } from './WeeklyCharts';

type Sort = (typeof PERFORMANCE_SORTS)[number];

const columns: Column<PerformanceFigures, Sort>[] = [
  {
    key: 'code',
    header: 'Supplier',
    sort: 'code',
    cell: (f) => (
      <Link to="/admin/suppliers/$id" params={{ id: String(f.supplierId) }} search={{ tab: 'performance' }}>
        {f.code}
      </Link>
    ),
  },
  { key: 'rating', header: 'Rating', sort: 'rating', numeric: true, cell: (f) => <Rating figures={f} /> },
  { key: 'orders', header: 'Orders', sort: 'orders', numeric: true, cell: (f) => f.ordersCount },
  { key: 'fill', header: 'Fill rate', sort: 'fillRate', numeric: true, cell: (f) => percent(f.fillRate) },
  { key: 'onTime', header: 'On time', sort: 'onTimeShipRate', numeric: true, cell: (f) => percent(f.onTimeShipRate) },
  {
    key: 'accepted',
    header: 'Accepted',
    sort: 'acceptanceRate',
    numeric: true,
    cell: (f) => percent(f.acceptanceRate),
  },
  {
    key: 'cancelled',
    header: 'Cancelled',
    sort: 'cancellationRate',
    numeric: true,
    cell: (f) => percent(f.cancellationRate),
  },
  {
    key: 'handling',
    header: 'Handling',
    sort: 'meanHandlingHours',
    numeric: true,
    cell: (f) => hours(f.meanHandlingHours),
  },
  { key: 'tracking', header: 'Tracking upload', numeric: true, cell: (f) => hours(f.meanTrackingUploadHours) },
];

export function PerformancePage() {
  const search = performanceRoute.useSearch();
  const navigate = performanceRoute.useNavigate();
  const period = search.period ?? '30d';
  const sort = search.sort ?? 'rating';
  const order = search.sort ? (search.dir ?? 'asc') : 'desc';
  const figures = useQuery({
    queryKey: ['performance', period, sort, order],
    queryFn: ({ signal }) =>
      call(staffApi.GET('/api/performance', { params: { query: { period, sort, order } }, signal })),
    placeholderData: keepPreviousData,
  });
  return (
    <section>
      <header className="page-head">
        <h1>Supplier performance</h1>
        <RecomputeButton />
      </header>
      <FilterBar label="Period">
        <PeriodSelect
          value={search.period}
          onChange={(p) => void navigate({ search: (prev) => ({ ...prev, period: p }) })}
        />
      </FilterBar>
      <DataTable
        label="Suppliers side by side"
        testId="performance-table"
        columns={columns}
        query={figures}
        rowKey={(f) => f.supplierId}
        search={search}
        pageSize={1000}
        defaultSort={{ key: 'rating', dir: 'desc' }}
        onSearchChange={(next) => void navigate({ search: (prev) => ({ ...prev, sort: next.sort, dir: next.dir }) })}
        empty={
          <Empty title="No figures yet">They are computed on a schedule; "Recompute now" computes them at once.</Empty>
        }
      />
      <h2>Per week</h2>
      <WeeklyCharts />
    </section>
  );
}
