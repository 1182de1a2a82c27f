/** A supplier's figures for a period, with what each one means: the rating and the metrics behind it. */
import type { JsonOf } from '../../api';
import type { paths } from '../../api/schema.js';
import { hours, percent } from './periods';

export type PerformanceFigures = JsonOf<paths['/api/performance']['get']['responses'][200]>['items'][number];

export function Rating({ figures }: { figures: PerformanceFigures }) {
  if (figures.rating === null) return <span className="muted">—</span>;
  return (
    <span className="rating" title={figures.rated ? 'rated from its orders' : 'too few orders: the neutral rating'}>
      {figures.rating} / 5{!figures.rated && <span className="muted"> (neutral)</span>}
    </span>
  );
}

export function FigureCards({ figures }: { figures: PerformanceFigures }) {
  const cards: [string, string, string][] = [
    [
      'Rating',
      figures.rating === null ? '—' : `${figures.rating} / 5`,
      figures.rated ? 'from the figures below' : 'too few orders: neutral',
    ],
    ['Orders sent', String(figures.ordersCount), `${figures.itemsShipped} of ${figures.itemsOrdered} units shipped`],
    ['Fill rate', percent(figures.fillRate), 'units shipped of units ordered, settled orders'],
    ['On time', percent(figures.onTimeShipRate), 'first parcel by the ship-by date'],
    ['Accepted', percent(figures.acceptanceRate), 'of the orders it answered'],
    ['Cancelled by supplier', percent(figures.cancellationRate), 'after it was sent'],
    ['Handling', hours(figures.meanHandlingHours), `sent to first parcel; p90 ${hours(figures.p90HandlingHours)}`],
    ['Acknowledgement', hours(figures.meanAckHours), 'sent to acknowledged'],
    ['Tracking upload', hours(figures.meanTrackingUploadHours), 'shipped to tracking received'],
  ];
  return (
    <div className="metrics" data-testid="performance-figures">
      {cards.map(([label, value, hint]) => (
        <div key={label} className="metric">
          <span className="metric__label">{label}</span>
          <strong className="metric__value">{value}</strong>
          <span className="metric__hint">{hint}</span>
        </div>
      ))}
    </div>
  );
}
