/** The pricing rules in the order they are tried, and the editor of one (or a new one). */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { call, staffApi } from '../../api';
import { Empty, QueryView } from '../../ui/states';
import { AdminOnly } from '../role';
import { pricingRoute } from './routes';
import { RuleEditor } from './RuleEditor';
import type { PricingRule } from './rule-form';

/** "40.0000" -> "40", "2.5000" -> "2.5": the stored decimal without its padding. */
function plain(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

function markup(rule: PricingRule): string {
  if (rule.markupType === 'percent') return `+${plain(rule.markupValue)} %`;
  if (rule.markupType === 'fixed') return `+${plain(rule.markupValue)}`;
  return `× ${plain(rule.markupValue)}`;
}

export function PricingPage() {
  const search = pricingRoute.useSearch();
  const navigate = pricingRoute.useNavigate();
  const [message, setMessage] = useState<string | null>(null);
  const rules = useQuery({
    queryKey: ['pricing', 'rules'],
    queryFn: ({ signal }) => call(staffApi.GET('/api/pricing-rules', { signal })),
  });
  const editing =
    search.rule && search.rule !== 'new' ? rules.data?.items.find((r) => String(r.id) === search.rule) : undefined;
  return (
    <section>
      <header className="page-head">
        <h1>Pricing rules</h1>
        <AdminOnly>
          <Link to="/admin/pricing" search={{ rule: 'new' }} className="button button--primary button--small">
            New rule
          </Link>
        </AdminOnly>
      </header>
      {message && (
        <p role="status" className="notice" data-testid="pricing-message">
          {message}
        </p>
      )}
      <QueryView query={rules} isEmpty={(d) => d.items.length === 0} empty={<Empty title="No pricing rules" />}>
        {(data) => (
          <div className="table-wrap">
            <table className="table" aria-label="Pricing rules in the order they are tried" data-testid="pricing-rules">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Priority
                  </th>
                  <th scope="col">Rule</th>
                  <th scope="col">What it does</th>
                  <th scope="col">Markup</th>
                  <th scope="col" className="num">
                    Min. margin
                  </th>
                  <th scope="col">Rounding</th>
                  <th scope="col">Active</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.id} aria-current={String(r.id) === search.rule ? 'true' : undefined}>
                    <td className="num">{r.priority}</td>
                    <td>
                      <Link to="/admin/pricing" search={{ rule: String(r.id) }}>
                        {r.name}
                      </Link>
                    </td>
                    <td>{r.description}</td>
                    <td>{markup(r)}</td>
                    <td className="num">{plain(r.minMarginPercent)} %</td>
                    <td>{r.rounding}</td>
                    <td>{r.isActive ? 'yes' : <span className="muted">no</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {(search.rule === 'new' || editing) && (
        <RuleEditor
          key={search.rule === 'new' ? 'new' : `${editing!.id}-${editing!.updatedAt}`}
          rule={editing}
          onDone={(text) => {
            setMessage(text);
            void navigate({ search: {} });
          }}
        />
      )}
    </section>
  );
}
