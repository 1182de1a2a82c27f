/**
 * The re-route the shop runs on its own (REROUTE_ON_REJECTION): when a supplier rejects an
 * order (dispatch's answer or its webhook) and when the live re-check finds it cannot fill it, in
 * that change's transaction. A supplier order that cannot be re-routed (its customer order was
 * cancelled meanwhile) gets a note saying so instead.
 */
import type { RerouteLines } from '../fulfillment/rerouting.js';
import { noteSupplierOrder } from '../fulfillment/notes.js';
import { RerouteRefusedError, rerouteSupplierOrder } from './reroute.js';

export const AUTOMATIC_REROUTE_ACTOR = 'automatic re-route';

/** The automatic re-route, skipping suppliers rated under `ratingFloor` (ROUTING_RATING_FLOOR) as placement does. */
export const automaticReroute =
  (ratingFloor: string | undefined): RerouteLines =>
  async (trx, supplierOrderId) => {
    try {
      await rerouteSupplierOrder(
        trx,
        supplierOrderId,
        { source: 'system', actor: AUTOMATIC_REROUTE_ACTOR },
        { ratingFloor },
      );
    } catch (error) {
      // Refused before anything was written: the transaction is intact.
      if (!(error instanceof RerouteRefusedError)) throw error;
      await noteSupplierOrder(trx, {
        supplierOrderId,
        kind: 'not_rerouted',
        source: 'system',
        actor: AUTOMATIC_REROUTE_ACTOR,
        reason: `not re-routed automatically: ${error.message}`,
      });
    }
  };
