/**
 * What a line (or the order) earns, as the server recorded it: revenue, cost, the shares of the
 * supplier's fee and shipping, and the margin. An unknown cost is said, never shown as 0.
 */
import { Money } from '../../components/Money';
import type { LineProfit, ProfitFigures } from './order-queries';

const STATES: Record<LineProfit['state'], string> = {
  allocated: '',
  partly_allocated: 'partly allocated',
  not_allocated: 'not allocated',
  not_recorded: 'not recorded',
};

export function ProfitFiguresView({ figures, currency }: { figures: ProfitFigures; currency: string }) {
  return (
    <span className="profit">
      revenue <Money amount={figures.revenue} currency={currency} /> · cost{' '}
      {figures.cost ? <Money amount={figures.cost} currency={currency} /> : <em>unknown</em>} · fee share{' '}
      <Money amount={figures.feeShare} currency={currency} /> · shipping share{' '}
      <Money amount={figures.shippingShare} currency={currency} /> ·{' '}
      <strong>
        margin{' '}
        {figures.margin ? (
          <>
            <Money amount={figures.margin} currency={currency} />
            {figures.marginPercent && ` (${figures.marginPercent}%)`}
          </>
        ) : (
          'unknown (the cost is not known)'
        )}
      </strong>
    </span>
  );
}

export function LineProfitView({ line, currency }: { line: LineProfit | undefined; currency: string }) {
  if (!line) return null;
  return (
    <p className="order-line__profit" data-testid="line-profit">
      <span className="muted">Profit: </span>
      {line.profit ? <ProfitFiguresView figures={line.profit} currency={currency} /> : <em>not counted</em>}
      {STATES[line.state] && <span className="muted"> · {STATES[line.state]}</span>}
      {line.note && <span className="muted"> · {line.note}</span>}
    </p>
  );
}
