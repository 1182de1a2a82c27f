/** POST /api/orders/route-preview: how a basket would be routed, without placing it. */
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../db/types.js';
import { InvalidInputError, type FieldProblem } from '../errors.js';
import { requireRole } from '../http/auth.js';
import { bearer, errors } from '../http/schemas.js';
import type { App } from '../http/types.js';
import { CreateOrderBody } from '../orders/schemas.js';
import type { PlanLine } from './plan.js';
import { previewRouting } from './route-order.js';

const Allocation = Type.Object({
  source: Type.String(),
  kind: Type.Union([Type.Literal('own'), Type.Literal('supplier')]),
  quantity: Type.Integer(),
  unitCost: Type.Union([Type.String(), Type.Null()]),
});

const PreviewResponse = Type.Object({
  routable: Type.Boolean(),
  lines: Type.Array(
    Type.Object({
      line: Type.Integer(),
      sku: Type.String(),
      quantity: Type.Integer(),
      rule: Type.String({ description: 'own_stock, supplier or split' }),
      reason: Type.String({ description: 'the winner and why it beat the runner-up' }),
      allocations: Type.Array(Allocation),
      candidates: Type.Array(Type.Unknown(), { description: 'every source considered, with why it was rejected' }),
    }),
  ),
  unroutable: Type.Array(
    Type.Object({
      line: Type.Integer(),
      sku: Type.String(),
      quantity: Type.Integer(),
      available: Type.Integer(),
      message: Type.String(),
    }),
  ),
});

export function routingRoutes(app: App, deps: { db: Kysely<DB> }): void {
  const { db } = deps;
  app.post(
    '/api/orders/route-preview',
    {
      preHandler: requireRole('admin', 'staff'),
      schema: {
        tags: ['orders'],
        summary: 'How these lines would be routed now (own stock, suppliers), without ordering or reserving (staff)',
        security: bearer,
        body: Type.Object({ items: CreateOrderBody.properties.items }, { additionalProperties: false }),
        response: { 200: PreviewResponse, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { lines, currency } = await resolveLines(db, request.body.items);
      const plan = await previewRouting(db, lines, currency);
      return { routable: plan.unroutable.length === 0, lines: plan.decisions, unroutable: plan.unroutable };
    },
  );
}

async function resolveLines(db: Kysely<DB>, items: { sku?: string; productId?: number; quantity: number }[]) {
  const { rows } = await sql<{ id: number; sku: string; status: string; currency: string }>`
    SELECT id, sku, status, currency FROM products
     WHERE sku = ANY(${items.flatMap((i) => (i.sku ? [i.sku] : []))}::text[])
        OR id = ANY(${items.flatMap((i) => (i.productId ? [i.productId] : []))}::bigint[])`.execute(db);
  const problems: FieldProblem[] = [];
  const lines: PlanLine[] = [];
  items.forEach((item, index) => {
    const product = rows.find((p) => (item.sku !== undefined ? p.sku === item.sku : p.id === item.productId));
    if (!product || product.status !== 'active') {
      problems.push({
        path: `/items/${index}`,
        message: `no product for sale with ${item.sku !== undefined ? `SKU "${item.sku}"` : `id ${item.productId}`}`,
      });
    } else {
      lines.push({ index, productId: product.id, sku: product.sku, quantity: item.quantity });
    }
  });
  if (problems.length > 0)
    throw new InvalidInputError(`${problems[0]!.path.slice(1)}: ${problems[0]!.message}`, problems);
  return { lines, currency: rows[0]?.currency.trim() ?? 'EUR' };
}
