/**
 * The rating routing trusts: a supplier's newest 30-day rolling row of supplier_performance
 * (ROUTING_PERIOD), with whether it comes from enough orders (rated). Routing and the rating
 * alarm read it the same way.
 */
import { sql, type RawBuilder } from 'kysely';

/** The period label of the rating routing reads. */
export const ROUTING_PERIOD = '30d';

/** A LATERAL subquery giving `rating` and `rated` for the supplier id in `supplierIdColumn`. */
export function latestRatingSql(supplierIdColumn: string): RawBuilder<unknown> {
  return sql`(SELECT sp.rating, sp.rated FROM supplier_performance sp
               WHERE sp.period_label = ${sql.lit(ROUTING_PERIOD)} AND sp.supplier_id = ${sql.ref(supplierIdColumn)}
               ORDER BY sp.period_end DESC LIMIT 1)`;
}
