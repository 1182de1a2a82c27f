/** Why a product costs what it costs (GET /api/products/:id/pricing). */
import { useQuery } from '@tanstack/react-query';
import { call, staffApi } from '../../api';
import { formatMoney } from '../../money';
import { QueryView } from '../../ui/states';

export function PricingExplanation({ productId, currency }: { productId: number; currency: string }) {
  const pricing = useQuery({
    queryKey: ['pricing', 'product', productId],
    queryFn: ({ signal }) =>
      call(staffApi.GET('/api/products/{id}/pricing', { params: { path: { id: productId } }, signal })),
  });
  return (
    <QueryView query={pricing}>
      {(p) => (
        <div data-testid="pricing-explanation">
          <p>
            {p.basis ? (
              <>
                Cost basis <strong>{p.basis.cost}</strong> from {p.basis.source}
              </>
            ) : (
              'No cost known: repricing leaves the price alone'
            )}
            {p.rule && (
              <>
                {' '}
                · rule <strong>{p.rule.name}</strong>
                {p.rulePrice && <> gives {formatMoney(p.rulePrice, currency)}</>}
              </>
            )}{' '}
            · {p.availableQuantity} units sellable at the current price
          </p>
          <div className="table-wrap">
            <table className="table" aria-label="Sources">
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col" className="num">
                    Units
                  </th>
                  <th scope="col" className="num">
                    Unit cost
                  </th>
                  <th scope="col" className="num">
                    Landed cost
                  </th>
                  <th scope="col" className="num">
                    Most a unit may cost
                  </th>
                  <th scope="col">Sold</th>
                </tr>
              </thead>
              <tbody>
                {p.sources.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">
                      No own stock and no supplier offer.
                    </td>
                  </tr>
                )}
                {p.sources.map((s) => (
                  <tr key={`${s.kind}-${s.source}`}>
                    <td>
                      {s.source} <span className="muted">({s.kind})</span>
                    </td>
                    <td className="num">{s.units}</td>
                    <td className="num">{s.unitCost ?? '—'}</td>
                    <td className="num">{s.landedUnitCost ?? '—'}</td>
                    <td className="num">{s.maxUnitCost}</td>
                    <td>{s.offered ? 'yes' : <span className="muted">{s.notOffered}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Price changes</h3>
          {p.changes.length === 0 ? (
            <p className="muted">None recorded.</p>
          ) : (
            <ul className="changes">
              {p.changes.map((c) => (
                <li key={c.changedAt + c.newPrice}>
                  {new Date(c.changedAt).toLocaleString()}: {formatMoney(c.oldPrice, currency)} →{' '}
                  <strong>{formatMoney(c.newPrice, currency)}</strong> ({c.ruleName}, cost {c.costBasis} from{' '}
                  {c.basisSource}; {c.reason})
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </QueryView>
  );
}
