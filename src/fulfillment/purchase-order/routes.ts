/**
 * The purchase order of a supplier order, for staff to download: GET .../purchase-order.csv (the
 * CSV file) and .../purchase-order.html (a printable page). This is how the order of a `manual`
 * supplier leaves the shop (by hand); for the other methods it shows what was sent. Registered
 * under /api/supplier-orders by ../routes.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../../db/types.js';
import { NotFoundError } from '../../errors.js';
import { requireRole } from '../../http/auth.js';
import { IdParam, bearer, errors } from '../../http/schemas.js';
import { loadDispatchTarget } from '../dispatch/purchase-order.js';
import { purchaseOrderFileName } from './file-name.js';
import { PURCHASE_ORDER_FORMATS, type PurchaseOrderFormat, type PurchaseOrderFormatName } from './formats.js';

const purchaseOrderRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, { db }) => {
  const staff = { preValidation: requireRole('admin', 'staff') };
  for (const extension of Object.keys(PURCHASE_ORDER_FORMATS) as PurchaseOrderFormatName[]) {
    const format: PurchaseOrderFormat = PURCHASE_ORDER_FORMATS[extension];
    const mediaType = format.mediaType.split(';')[0]!;
    app.get(
      `/:id/purchase-order.${extension}`,
      {
        ...staff,
        schema: {
          tags: ['fulfillment'],
          summary: format.summary,
          security: bearer,
          params: IdParam,
          response: {
            200: { description: `PO-<reference>.${extension}`, content: { [mediaType]: { schema: Type.String() } } },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const target = await loadDispatchTarget(db, request.params.id);
        if (!target) throw new NotFoundError(`Supplier order ${request.params.id} does not exist`);
        // The file name is made of safe characters only (file-name.ts): no further quoting needed.
        const fileName = purchaseOrderFileName(target.purchaseOrder.reference, extension);
        return reply
          .type(format.mediaType)
          .header('content-disposition', `${format.disposition}; filename="${fileName}"`)
          .send(format.render(target));
      },
    );
  }
};

export default purchaseOrderRoutes;
