/**
 * On-time ship rate and mean handling time per week, for every supplier or one, as two charts.
 * The chart code (uPlot) loads only when the charts are shown; the table under them says the same
 * figures in words, for screen readers and for exact values.
 */
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { call, staffApi } from '../../api';
import { Loading, QueryView } from '../../ui/states';
import { hours, percent } from './periods';

const WeekChart = lazy(() => import('./WeekChart'));

const WEEKS = 12;

export function WeeklyCharts({ supplierId }: { supplierId?: number }) {
  const weekly = useQuery({
    queryKey: ['performance-weekly', supplierId ?? null],
    queryFn: ({ signal }) =>
      call(staffApi.GET('/api/performance/weekly', { params: { query: { weeks: WEEKS, supplierId } }, signal })),
  });
  return (
    <QueryView
      query={weekly}
      isEmpty={(d) => d.items.every((s) => s.weeks.every((w) => w.orders === 0))}
      empty={<p className="muted">No supplier orders were sent in the last {WEEKS} weeks: nothing to chart yet.</p>}
    >
      {(data) => {
        const rate = data.items.map((s) => ({
          label: s.code,
          values: s.weeks.map((w) =>
            w.onTimeShipRate === null ? null : Math.round(Number(w.onTimeShipRate) * 1000) / 10,
          ),
        }));
        const handling = data.items.map((s) => ({
          label: s.code,
          values: s.weeks.map((w) => (w.meanHandlingHours === null ? null : Number(w.meanHandlingHours))),
        }));
        return (
          <div className="charts" data-testid="weekly-charts">
            <Suspense fallback={<Loading label="Loading the charts…" />}>
              <WeekChart title="On-time ship rate" weeks={data.weeks} series={rate} unit="%" />
              <WeekChart title="Mean handling time" weeks={data.weeks} series={handling} unit="h" />
            </Suspense>
            <details>
              <summary>The figures per week</summary>
              <table className="table" aria-label="Figures per week">
                <thead>
                  <tr>
                    <th scope="col">Supplier</th>
                    <th scope="col">Week of</th>
                    <th scope="col" className="num">
                      Orders
                    </th>
                    <th scope="col" className="num">
                      On time
                    </th>
                    <th scope="col" className="num">
                      Handling
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.flatMap((s) =>
                    s.weeks
                      .filter((w) => w.orders > 0)
                      .map((w) => (
                        <tr key={`${s.supplierId}-${w.week}`}>
                          <td>{s.code}</td>
                          <td>{w.week}</td>
                          <td className="num">{w.orders}</td>
                          <td className="num">{percent(w.onTimeShipRate)}</td>
                          <td className="num">{hours(w.meanHandlingHours)}</td>
                        </tr>
                      )),
                  )}
                </tbody>
              </table>
            </details>
          </div>
        );
      }}
    </QueryView>
  );
}
