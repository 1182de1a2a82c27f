/**
 * The purchase order of a supplier order, for staff to download: the CSV file and a printable
 * HTML page. This is how the order of a `manual` supplier leaves the shop (by hand); for the other
 * methods it shows what was sent. Registered under /api/supplier-orders by ../routes.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../db/types.js';
import { NotFoundError } from '../../errors.js';
import { requireRole } from '../../http/auth.js';
import { IdParam, bearer, errors } from '../../http/schemas.js';
import { loadDispatchTarget } from '../dispatch/purchase-order.js';
import { purchaseOrderCsv } from './csv.js';
import { purchaseOrderFileName } from './file-name.js';
import { purchaseOrderHtml } from './html.js';

const file = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: Type.String() } },
});

const purchaseOrderRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, { db }) => {
  const staff = { preHandler: requireRole('admin', 'staff') };
  const tags = ['fulfillment'];

  const load = async (id: number) => {
    const target = await loadDispatchTarget(db, id);
    if (!target) throw new NotFoundError(`Supplier order ${id} does not exist`);
    return target;
  };

  app.get(
    '/:id/purchase-order.csv',
    {
      ...staff,
      schema: {
        tags,
        summary: "A supplier order's purchase order as a CSV file, one row per line (staff)",
        security: bearer,
        params: IdParam,
        response: { 200: file('text/csv', 'PO-<reference>.csv'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { purchaseOrder } = await load(request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(purchaseOrderFileName(purchaseOrder.reference, 'csv')))
        .send(purchaseOrderCsv(purchaseOrder));
    },
  );

  app.get(
    '/:id/purchase-order.html',
    {
      ...staff,
      schema: {
        tags,
        summary: "A supplier order's purchase order as a printable page (staff)",
        security: bearer,
        params: IdParam,
        response: { 200: file('text/html', 'the page, ready to print'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { purchaseOrder, supplierCode } = await load(request.params.id);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', `inline; filename="${purchaseOrderFileName(purchaseOrder.reference, 'html')}"`)
        .send(purchaseOrderHtml(purchaseOrder, supplierCode));
    },
  );
};

/** The file name is made of safe characters only (file-name.ts), so it needs no further quoting. */
function attachment(name: string): string {
  return `attachment; filename="${name}"`;
}

export default purchaseOrderRoutes;
