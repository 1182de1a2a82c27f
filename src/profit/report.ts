/**
 * The profit report: what the orders placed in a date range earned, grouped by supplier (own
 * stock as one group), category or product, in one set-based statement over the figures stored
 * with the allocations. Counted: the allocations in effect (reserved, shipped, ordered) of the
 * orders placed from the first day to the last (UTC, both included), test orders left out. An
 * allocation a re-route replaced counts no more (its replacement does); a cancelled order's
 * allocations are released or cancelled and count neither. Units whose own cost is unknown are in
 * the revenue but not in the cost or the margin, and are counted apart; allocations written before
 * profit was recorded are in no figure, counted apart too. A sum with nothing to add is null, not 0.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';
import { InvalidInputError, type FieldProblem } from '../errors.js';
import type { ProfitReportView, ReportGroup, ReportRowView } from './schemas.js';

export interface ReportRange {
  from: string;
  to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Two calendar days, from <= to; otherwise a 400 naming each bad field (`fields`: their names). */
export function parseRange(
  from: string,
  to: string,
  fields: { from: string; to: string } = { from: '/from', to: '/to' },
): ReportRange {
  const problems: FieldProblem[] = [];
  for (const [field, value] of [
    [fields.from, from],
    [fields.to, to],
  ] as const) {
    if (!isDay(value)) problems.push({ path: field, message: `must be a day like 2026-11-30, got "${value}"` });
  }
  if (problems.length === 0 && from > to) {
    problems.push({ path: fields.to, message: `must not be before ${fields.from.replace(/^\//, '')} (${from})` });
  }
  if (problems.length > 0) {
    const text = problems.map((p) => `${p.path.replace(/^\//, '')}: ${p.message}`).join('; ');
    throw new InvalidInputError(text, problems);
  }
  return { from, to };
}

function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Each grouping's key, label, and the tables it needs next to orders and allocations (only those: a year of orders stays cheap). */
const GROUPS: Record<ReportGroup, { key: RawBuilder<string>; label: RawBuilder<string>; joins: RawBuilder<unknown> }> =
  {
    supplier: {
      key: sql`coalesce(s.code, 'own stock')`,
      label: sql`coalesce(s.name, 'Own stock (warehouse and 3PL)')`,
      joins: sql`LEFT JOIN supplier_order_items soi ON soi.id = a.supplier_order_item_id
      LEFT JOIN supplier_orders so ON so.id = soi.supplier_order_id
      LEFT JOIN suppliers s ON s.id = so.supplier_id`,
    },
    category: {
      key: sql`coalesce(c.slug, 'no category')`,
      label: sql`coalesce(c.name, 'No category')`,
      joins: sql`JOIN order_items oi ON oi.id = a.order_item_id
      JOIN products p ON p.id = oi.product_id
      LEFT JOIN categories c ON c.id = p.category_id`,
    },
    product: {
      key: sql`oi.sku`,
      label: sql`oi.name`,
      joins: sql`JOIN order_items oi ON oi.id = a.order_item_id`,
    },
  };

export async function profitReport(
  db: Kysely<DB>,
  range: ReportRange,
  groupBy: ReportGroup,
): Promise<ProfitReportView> {
  const { key, label, joins } = GROUPS[groupBy];
  const { rows } = await sql<ReportRowView>`
    SELECT ${key} AS key, min(${label}) AS label,
           count(DISTINCT a.order_id)::int AS orders,
           count(DISTINCT a.order_item_id)::int AS lines,
           coalesce(sum(a.quantity), 0)::int AS units,
           sum(a.revenue)::text AS revenue,
           sum(a.cost)::text AS cost,
           sum(a.fee_share)::text AS "feeShare",
           sum(a.shipping_share)::text AS "shippingShare",
           sum(a.margin)::text AS margin,
           round(sum(a.margin) * 100 / nullif(sum(a.revenue) FILTER (WHERE a.cost IS NOT NULL), 0), 2)::text
             AS "marginPercent",
           coalesce(sum(a.quantity) FILTER (WHERE a.revenue IS NOT NULL AND a.cost IS NULL), 0)::int
             AS "unitsWithoutCost",
           coalesce(sum(a.quantity) FILTER (WHERE a.revenue IS NULL), 0)::int AS "unitsNotRecorded"
      FROM orders o
      JOIN order_item_allocations a ON a.order_id = o.id
      ${joins}
     WHERE o.placed_at >= ${range.from}::date::timestamp AT TIME ZONE 'UTC'
       AND o.placed_at < (${range.to}::date + 1)::timestamp AT TIME ZONE 'UTC'
       AND NOT o.is_test
       AND a.status IN ('reserved', 'shipped', 'ordered')
     GROUP BY 1
     ORDER BY sum(a.margin) DESC NULLS LAST, 1`.execute(db);
  return { from: range.from, to: range.to, groupBy, rows };
}
