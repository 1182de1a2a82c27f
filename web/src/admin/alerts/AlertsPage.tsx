import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, staffApi } from '../../api';
import { pageWindow } from '../../search';
import { DataTable, urlSearchUpdaters, type Column } from '../../ui/DataTable';
import { FilterBar, SelectFilter } from '../../ui/filters';
import { Empty, LoadError } from '../../ui/states';
import { ALERT_RULES, ALERT_STATES, RULE_LABELS, alertsRoute } from './routes';

const PAGE_SIZE = 50;

type Search = ReturnType<typeof alertsRoute.useSearch>;
type AlertRow = Awaited<ReturnType<typeof fetchAlerts>>['items'][number];

const ruleLabel = (rule: string) => RULE_LABELS[rule as keyof typeof RULE_LABELS] ?? rule;

function fetchAlerts(search: Search, signal: AbortSignal) {
  return call(
    staffApi.GET('/api/alerts', {
      params: {
        query: {
          ...pageWindow(search.page, PAGE_SIZE),
          state: search.state ?? 'open',
          rule: search.rule,
          acknowledged: search.unacknowledged ? false : undefined,
        },
      },
      signal,
    }),
  );
}

export function AlertsPage() {
  const search = alertsRoute.useSearch();
  const navigate = alertsRoute.useNavigate();
  const queryClient = useQueryClient();
  const alerts = useQuery({
    queryKey: ['alerts', search],
    queryFn: ({ signal }) => fetchAlerts(search, signal),
    placeholderData: keepPreviousData,
  });
  const acknowledge = useMutation({
    mutationFn: (id: number) => call(staffApi.POST('/api/alerts/{id}/ack', { params: { path: { id } } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['alerts'] }),
        queryClient.invalidateQueries({ queryKey: ['dashboard'] }),
      ]),
  });
  const { filter, onSearchChange } = urlSearchUpdaters<Search>(navigate);
  const state = search.state ?? 'open';

  const columns: Column<AlertRow>[] = [
    {
      key: 'alert',
      header: 'Alert',
      cell: (a) => (
        <>
          <strong>{ruleLabel(a.rule)}</strong>
          <div>{a.message}</div>
        </>
      ),
    },
    {
      key: 'about',
      header: 'About',
      cell: (a) => (
        <>
          {a.supplierCode && (
            <div>
              Supplier <code>{a.supplierCode}</code>
            </div>
          )}
          {a.orderNumber && <div>Order {a.orderNumber}</div>}
          {a.supplierOrderId !== null && <div className="muted">Supplier order #{a.supplierOrderId}</div>}
        </>
      ),
    },
    { key: 'since', header: 'First seen', cell: (a) => new Date(a.firstSeenAt).toLocaleString() },
    {
      key: 'state',
      header: 'State',
      cell: (a) => (
        <>
          <span className={`status status--${a.resolvedAt ? 'resolved' : 'open'}`}>
            {a.resolvedAt ? 'Resolved' : 'Open'}
          </span>
          {a.resolvedAt && <div className="muted">{new Date(a.resolvedAt).toLocaleString()}</div>}
          {a.acknowledgedAt && (
            <div className="muted" data-testid="acknowledged">
              Acknowledged by {a.acknowledgedBy} {new Date(a.acknowledgedAt).toLocaleString()}
            </div>
          )}
        </>
      ),
    },
    {
      key: 'action',
      header: <span className="visually-hidden">Action</span>,
      cell: (a) =>
        !a.resolvedAt &&
        !a.acknowledgedAt && (
          <button
            type="button"
            className="button button--small"
            disabled={acknowledge.isPending}
            onClick={() => acknowledge.mutate(a.id)}
            aria-label={`Acknowledge: ${a.message}`}
          >
            Acknowledge
          </button>
        ),
    },
  ];

  return (
    <section>
      <h1>Alerts</h1>
      <p className="muted">
        An alert resolves by itself when its cause goes away. Acknowledging it says someone is on it.
      </p>
      <FilterBar label="Filter alerts">
        <SelectFilter
          label="State"
          value={search.state}
          allLabel="Open"
          options={ALERT_STATES.filter((s) => s !== 'open').map((s) => ({
            value: s,
            label: s === 'all' ? 'Open and resolved' : 'Resolved',
          }))}
          onChange={(next) => filter({ state: next })}
        />
        <SelectFilter
          label="Rule"
          value={search.rule}
          options={ALERT_RULES.map((r) => ({ value: r, label: ruleLabel(r) }))}
          onChange={(rule) => filter({ rule })}
        />
        <label className="filter filter--check">
          <input
            type="checkbox"
            checked={search.unacknowledged ?? false}
            onChange={(e) => filter({ unacknowledged: e.target.checked ? true : undefined })}
          />
          Not acknowledged only
        </label>
      </FilterBar>
      {acknowledge.isError && <LoadError error={acknowledge.error} title="The alert was not acknowledged" />}
      <DataTable
        label="Alerts"
        testId="alerts"
        columns={columns}
        query={alerts}
        rowKey={(a) => a.id}
        search={search}
        pageSize={PAGE_SIZE}
        onSearchChange={onSearchChange}
        empty={
          <Empty title={state === 'open' && !search.rule ? 'No open alerts' : 'No alerts match these filters'}>
            {state === 'open' && 'Nothing needs attention right now.'}
          </Empty>
        }
      />
    </section>
  );
}
