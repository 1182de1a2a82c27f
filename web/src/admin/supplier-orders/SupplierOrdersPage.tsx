/**
 * The supplier orders' work queue: how many each supplier has in each status (a click filters by
 * it), the list filtered by supplier, status and customer order and sorted by the server, one
 * supplier order opened below it with its actions and history, and the tracking file upload.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Money } from '../../components/Money';
import { pageWindow } from '../../search';
import { DataTable, type Column } from '../../ui/DataTable';
import { FilterBar, SelectFilter, TextFilter } from '../../ui/filters';
import { Empty, QueryView } from '../../ui/states';
import {
  fetchSupplierOrder,
  fetchSupplierOrderCounts,
  fetchSupplierOrders,
  supplierOrderKeys,
  useSupplierChoices,
  type SupplierOrder,
} from './queries';
import { refetchWhileMoving, useFollowSupplierOrders } from './follow';
import { supplierOrdersRoute, type QueueSort } from './routes';
import { SUPPLIER_ORDER_STATUSES } from './offer';
import { SupplierOrderStatusBadge, supplierOrderStatusLabel } from './statuses';
import { SupplierOrderCard } from './SupplierOrderCard';
import { TrackingImport } from './TrackingImport';
import './supplier-orders.css';

const PAGE_SIZE = 25;

export function SupplierOrdersPage() {
  const search = supplierOrdersRoute.useSearch();
  const navigate = supplierOrdersRoute.useNavigate();
  const suppliers = useSupplierChoices();
  const query = {
    ...pageWindow(search.page, PAGE_SIZE),
    supplierId: search.supplierId,
    status: search.status,
    orderNumber: search.orderNumber,
    sort: search.sort ? (search.dir === 'desc' ? (`${search.sort}_desc` as const) : search.sort) : undefined,
  };
  const list = useQuery({
    queryKey: supplierOrderKeys.list(query),
    queryFn: ({ signal }) => fetchSupplierOrders(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => refetchWhileMoving(q.state.data?.items),
  });
  useFollowSupplierOrders(list.data?.items);
  const filter = (next: Partial<typeof search>) =>
    void navigate({ search: (prev) => ({ ...prev, ...next, page: undefined, open: undefined }) });
  const filtered = Boolean(search.supplierId || search.status || search.orderNumber);

  const columns: Column<SupplierOrder, QueueSort>[] = [
    {
      key: 'id',
      header: 'Supplier order',
      nowrap: true,
      cell: (o) => (
        <Link
          from={supplierOrdersRoute.fullPath}
          search={(prev) => ({ ...prev, open: o.id })}
          aria-current={o.id === search.open ? 'true' : undefined}
        >
          #{o.id}
        </Link>
      ),
    },
    {
      key: 'order',
      header: 'Order',
      sort: 'order',
      nowrap: true,
      cell: (o) => (
        <Link to="/admin/orders/$number" params={{ number: o.orderNumber }}>
          {o.orderNumber}
        </Link>
      ),
    },
    { key: 'supplier', header: 'Supplier', sort: 'supplier', cell: (o) => `${o.supplierName} (${o.supplierCode})` },
    {
      key: 'status',
      header: 'Status',
      sort: 'status',
      nowrap: true,
      cell: (o) => <SupplierOrderStatusBadge status={o.status} />,
    },
    { key: 'method', header: 'Sent by', nowrap: true, cell: (o) => o.method },
    {
      key: 'created',
      header: 'Created',
      sort: 'created_at',
      nowrap: true,
      cell: (o) => new Date(o.createdAt).toLocaleString(),
    },
    {
      key: 'shipBy',
      header: 'Ship by',
      sort: 'ship_by',
      nowrap: true,
      cell: (o) => (o.shipBy ? new Date(o.shipBy).toLocaleDateString() : <span className="muted">—</span>),
    },
    {
      key: 'cost',
      header: 'Goods cost',
      numeric: true,
      cell: (o) => <Money amount={o.subtotalCost} currency={o.currency} />,
    },
    {
      key: 'tracking',
      header: 'Tracking',
      cell: (o) => (o.trackingNumber ? `${o.carrier ?? ''} ${o.trackingNumber}` : <span className="muted">—</span>),
    },
  ];

  return (
    <section className="supplier-orders">
      <h1>Supplier orders</h1>
      <QueueCounts onPick={(supplierId, status) => filter({ supplierId, status })} />
      <FilterBar label="Filter supplier orders">
        <SelectFilter
          label="Supplier"
          value={search.supplierId === undefined ? undefined : String(search.supplierId)}
          options={(suppliers.data ?? []).map((s) => ({ value: String(s.id), label: `${s.name} (${s.code})` }))}
          onChange={(id) => filter({ supplierId: id === undefined ? undefined : Number(id) })}
        />
        <SelectFilter
          label="Status"
          value={search.status}
          options={SUPPLIER_ORDER_STATUSES.map((s) => ({ value: s, label: supplierOrderStatusLabel(s) }))}
          onChange={(status) => filter({ status })}
        />
        <TextFilter
          label="Order number"
          value={search.orderNumber}
          placeholder="JNE-2026-12345678"
          onChange={(orderNumber) => filter({ orderNumber })}
        />
      </FilterBar>
      <DataTable
        label="Supplier orders"
        testId="supplier-orders"
        columns={columns}
        query={list}
        rowKey={(o) => o.id}
        search={search}
        pageSize={PAGE_SIZE}
        defaultSort={{ key: 'created_at', dir: 'desc' }}
        onSearchChange={(next) => void navigate({ search: (prev) => ({ ...prev, ...next }) })}
        empty={<Empty title={filtered ? 'No supplier orders match these filters' : 'No supplier orders yet'} />}
      />
      {search.open !== undefined && <OpenedSupplierOrder id={search.open} />}
      {/* A new supplier filter starts the upload for that supplier. */}
      <TrackingImport
        key={search.supplierId ?? 'any'}
        suppliers={suppliers.data ?? []}
        supplierId={search.supplierId}
      />
    </section>
  );
}

/** The supplier order opened from the list (or a link), wherever it is in the list. */
function OpenedSupplierOrder({ id }: { id: number }) {
  const order = useQuery({
    queryKey: supplierOrderKeys.one(id),
    queryFn: ({ signal }) => fetchSupplierOrder(id, signal),
    refetchInterval: (q) => refetchWhileMoving(q.state.data && [q.state.data]),
  });
  useFollowSupplierOrders(order.data && [order.data]);
  return <QueryView query={order}>{(o) => <SupplierOrderCard order={o} />}</QueryView>;
}

/** Supplier orders per supplier and status; a click filters the list by both. */
function QueueCounts({ onPick }: { onPick: (supplierId: number, status: SupplierOrder['status']) => void }) {
  const counts = useQuery({
    queryKey: supplierOrderKeys.counts,
    queryFn: ({ signal }) => fetchSupplierOrderCounts(signal),
  });
  return (
    <QueryView
      query={counts}
      isEmpty={(data) => data.items.length === 0}
      empty={<Empty title="No supplier orders yet">They appear when orders are routed to suppliers.</Empty>}
      loading="Counting supplier orders…"
    >
      {({ items }) => {
        const bySupplier = new Map<number, typeof items>();
        for (const c of items) bySupplier.set(c.supplierId, [...(bySupplier.get(c.supplierId) ?? []), c]);
        return (
          <div className="queue-counts" aria-label="Supplier orders by supplier and status" role="group">
            {[...bySupplier.values()].map((rows) => (
              <div key={rows[0]!.supplierId} className="queue-counts__supplier">
                <strong>{rows[0]!.supplierName}</strong>
                {rows.map((c) => (
                  <button
                    key={c.status}
                    type="button"
                    className="chip"
                    onClick={() => onPick(c.supplierId, c.status)}
                    aria-label={`${c.supplierName}: ${c.count} ${supplierOrderStatusLabel(c.status)}`}
                  >
                    {supplierOrderStatusLabel(c.status)} <span className="chip__count">{c.count}</span>
                  </button>
                ))}
              </div>
            ))}
          </div>
        );
      }}
    </QueryView>
  );
}
