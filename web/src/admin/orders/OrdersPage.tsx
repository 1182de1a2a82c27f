import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call, staffApi } from '../../api';
import { Money } from '../../components/Money';
import { statusLabel } from '../../components/OrderDetails';
import { pageWindow } from '../../search';
import { DataTable, urlSearchUpdaters, type Column } from '../../ui/DataTable';
import { FilterBar, SelectFilter, TextFilter } from '../../ui/filters';
import { Empty } from '../../ui/states';
import { ordersRoute } from './routes';
import { ORDER_STATUSES } from './statuses';

const PAGE_SIZE = 50;

type OrderRow = Awaited<ReturnType<typeof fetchOrders>>['items'][number];

function fetchOrders(search: ReturnType<typeof ordersRoute.useSearch>, signal: AbortSignal) {
  const { status, email, from, to, page } = search;
  return call(
    staffApi.GET('/api/orders', {
      params: {
        query: {
          ...pageWindow(page, PAGE_SIZE),
          status,
          email,
          // Days are the operator's local days.
          from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
          to: to ? new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined,
        },
      },
      signal,
    }),
  );
}

const columns: Column<OrderRow>[] = [
  { key: 'number', header: 'Order', cell: (o) => <strong>{o.number}</strong> },
  { key: 'placedAt', header: 'Placed', cell: (o) => new Date(o.placedAt).toLocaleString() },
  {
    key: 'customer',
    header: 'Customer',
    cell: (o) => (
      <>
        {o.customerName && <div>{o.customerName}</div>}
        <span className="muted">{o.email}</span>
      </>
    ),
  },
  {
    key: 'status',
    header: 'Status',
    cell: (o) => <span className={`status status--${o.status}`}>{statusLabel(o.status)}</span>,
  },
  { key: 'items', header: 'Items', numeric: true, cell: (o) => o.itemCount },
  { key: 'total', header: 'Total', numeric: true, cell: (o) => <Money amount={o.total} currency={o.currency} /> },
];

export function OrdersPage() {
  const search = ordersRoute.useSearch();
  const navigate = ordersRoute.useNavigate();
  const orders = useQuery({
    queryKey: ['orders', search],
    queryFn: ({ signal }) => fetchOrders(search, signal),
    placeholderData: keepPreviousData,
  });
  const { filter, onSearchChange } = urlSearchUpdaters<typeof search>(navigate);
  const filtered = Boolean(search.status || search.email || search.from || search.to);

  return (
    <section>
      <h1>Orders</h1>
      <FilterBar label="Filter orders">
        <SelectFilter
          label="Status"
          value={search.status}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
          onChange={(status) => filter({ status })}
        />
        <TextFilter label="Customer e-mail" type="email" value={search.email} onChange={(email) => filter({ email })} />
        <TextFilter label="From" type="date" value={search.from} onChange={(from) => filter({ from })} />
        <TextFilter label="To" type="date" value={search.to} onChange={(to) => filter({ to })} />
      </FilterBar>
      <DataTable
        label="Orders"
        testId="admin-orders"
        columns={columns}
        query={orders}
        rowKey={(o) => o.number}
        search={search}
        pageSize={PAGE_SIZE}
        onSearchChange={onSearchChange}
        empty={<Empty title={filtered ? 'No orders match these filters' : 'No orders yet'} />}
      />
    </section>
  );
}
