/** One supplier's figures for a period, the supplier orders behind them, and its weekly charts. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { call, staffApi } from '../../api';
import { FilterBar } from '../../ui/filters';
import { Empty, QueryView } from '../../ui/states';
import { isSupplierOrderStatus, SupplierOrderStatusBadge } from '../supplier-orders/statuses';
import { supplierRoute } from '../suppliers/routes';
import { FigureCards } from './Figures';
import { hours } from './periods';
import { PeriodSelect } from './PeriodSelect';
import { RecomputeButton } from './RecomputeButton';
import { WeeklyCharts } from './WeeklyCharts';

export function SupplierPerformance({ supplierId }: { supplierId: number }) {
  const search = supplierRoute.useSearch();
  const navigate = supplierRoute.useNavigate();
  const period = search.period ?? '30d';
  const performance = useQuery({
    queryKey: ['supplier-performance', supplierId, period],
    queryFn: ({ signal }) =>
      call(
        staffApi.GET('/api/suppliers/{id}/performance', {
          params: { path: { id: supplierId }, query: { period, limit: 20, offset: 0 } },
          signal,
        }),
      ),
    // Not computed yet is a 404: shown as "no figures", not retried.
  });
  const notComputed = performance.error?.status === 404;
  return (
    <>
      <FilterBar label="Period">
        <PeriodSelect
          value={search.period}
          onChange={(p) => void navigate({ search: (prev) => ({ ...prev, period: p }) })}
        />
        <RecomputeButton supplierId={supplierId} />
      </FilterBar>
      {notComputed ? (
        <Empty title="No figures for this period yet">
          They are computed on a schedule, or now with "Recompute now".
        </Empty>
      ) : (
        <QueryView query={performance}>
          {({ performance: figures, orders }) => (
            <>
              <FigureCards figures={figures} />
              <h3>Supplier orders behind the figures ({orders.total})</h3>
              {orders.items.length === 0 ? (
                <p className="muted">None in this period.</p>
              ) : (
                <div className="table-wrap">
                  <table className="table" aria-label="Supplier orders behind the figures">
                    <thead>
                      <tr>
                        <th scope="col">Order</th>
                        <th scope="col">Status</th>
                        <th scope="col" className="num">
                          Units shipped
                        </th>
                        <th scope="col">On time</th>
                        <th scope="col" className="num">
                          Handling
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {orders.items.map((o) => (
                        <tr key={o.id}>
                          <td>
                            <Link to="/admin/orders/$number" params={{ number: o.orderNumber }}>
                              {o.orderNumber}
                            </Link>
                          </td>
                          <td>
                            {isSupplierOrderStatus(o.status) ? (
                              <SupplierOrderStatusBadge status={o.status} />
                            ) : (
                              <span className="status">{o.status}</span>
                            )}
                          </td>
                          <td className="num">
                            {o.itemsShipped} / {o.itemsOrdered}
                          </td>
                          <td>{o.onTime === null ? '—' : o.onTime ? 'yes' : 'late'}</td>
                          <td className="num">{hours(o.handlingHours)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </QueryView>
      )}
      <h3>Per week</h3>
      <WeeklyCharts supplierId={supplierId} />
    </>
  );
}
