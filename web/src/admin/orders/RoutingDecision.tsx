/**
 * A line's routing decision as it was recorded: the rule, the reason in words, and every source
 * that was considered with its stock, costs, lead time, rating and margin check, and why it won
 * or lost. A value the decision did not record shows as a dash, never as a guess.
 */
import { Money } from '../../components/Money';
import type { Allocation, Candidate } from './order-queries';

const RULES: Record<string, string> = {
  own_stock: 'Own stock first',
  supplier: 'Best supplier',
  split: 'Split across sources',
};

const dash = <span className="muted">—</span>;

function money(amount: string | null | undefined, currency: string) {
  return amount ? <Money amount={amount} currency={currency} /> : dash;
}

function outcome(c: Candidate) {
  if (c.won) return <strong className="won">won</strong>;
  if (c.rejected) return <span>not eligible: {c.rejected}</span>;
  return <span>{c.lost ?? 'lost'}</span>;
}

export function RoutingDecision({ decision, currency }: { decision: Allocation['decision']; currency: string }) {
  return (
    <div className="decision">
      <p>
        <strong>{RULES[decision.rule] ?? decision.rule}:</strong> {decision.reason}
      </p>
      {decision.moved && (
        <p className="notice">
          Re-routed from supplier order {decision.moved.from.supplierOrderId} ({decision.moved.from.supplier},{' '}
          {decision.moved.from.status}
          {decision.moved.from.reason ? `: ${decision.moved.from.reason}` : ''}) by {decision.moved.by} on{' '}
          {new Date(decision.moved.at).toLocaleString()}.
        </p>
      )}
      <table className="table table--compact" aria-label="Candidates">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Available
            </th>
            <th scope="col" className="num">
              Unit cost
            </th>
            <th scope="col" className="num">
              Landed cost
            </th>
            <th scope="col" className="num">
              Lead days
            </th>
            <th scope="col" className="num">
              Rating
            </th>
            <th scope="col">Margin</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {decision.candidates.map((c) => (
            <tr key={`${c.kind}:${c.source}`} className={c.won ? 'row--won' : undefined} data-testid="candidate">
              <td>{c.source}</td>
              <td>{c.kind === 'own' ? 'own stock' : 'supplier'}</td>
              <td className="num">{c.available}</td>
              <td className="num">{money(c.unitCost, currency)}</td>
              <td className="num">{money(c.landedCost, currency)}</td>
              <td className="num">{c.leadDays ?? dash}</td>
              <td className="num">{c.rating ?? dash}</td>
              <td>
                {c.margin ? (
                  c.margin.keepsMargin ? (
                    'kept'
                  ) : (
                    <span>
                      broken: costs more than <Money amount={c.margin.maxUnitCost} currency={currency} />
                    </span>
                  )
                ) : (
                  dash
                )}
              </td>
              <td>{outcome(c)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
