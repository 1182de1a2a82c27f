/**
 * Whether a unit of a product bought from a supplier at a given cost still keeps the minimum
 * margin at a given selling price: the same test as routing and the storefront (availability.ts),
 * on the landed cost of one unit ordered alone (pricing_landed_unit_cost) and the minimum margin
 * of the rule that wins for that cost (pricing_min_margin, migration 009). The live re-check
 * before a supplier order is sent asks it with the supplier's cost of now and the line's price.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

export interface CostQuestion {
  productId: number;
  supplierId: number;
  /** The selling price of one unit, a decimal string. */
  price: string;
  /** The supplier's unit cost, a decimal string. */
  unitCost: string;
}

export interface CostAnswer {
  landedUnitCost: string;
  minMarginPercent: string;
  keepsMargin: boolean;
}

/** One answer per question, in order. */
export async function marginAtCost(db: Kysely<DB>, questions: CostQuestion[]): Promise<CostAnswer[]> {
  if (questions.length === 0) return [];
  const rows = questions.map((q, i) => ({ i, ...q }));
  const { rows: answers } = await sql<CostAnswer & { i: number }>`
    SELECT q.i, l.landed::text AS "landedUnitCost", m.min_margin::text AS "minMarginPercent",
           pricing_keeps_margin(q.price, l.landed, m.min_margin) AS "keepsMargin"
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             AS q(i int, "productId" bigint, "supplierId" bigint, price numeric, "unitCost" numeric)
      JOIN products p ON p.id = q."productId"
      JOIN suppliers s ON s.id = q."supplierId"
      CROSS JOIN LATERAL (SELECT pricing_landed_unit_cost(q."unitCost", s.per_order_fee, s.shipping_cost_rule) AS landed) l
      CROSS JOIN LATERAL (SELECT pricing_min_margin(p.category_id, s.id, l.landed) AS min_margin) m
     ORDER BY q.i`.execute(db);
  return answers.map(({ i: _i, ...a }) => a);
}
