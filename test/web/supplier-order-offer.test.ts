/**
 * What the console offers to do with a supplier order in each status agrees with the server's
 * state machine (src/fulfillment/status.ts): nothing is offered that the table refuses, and every
 * change an operator may make by hand is offered somewhere.
 */
import { describe, expect, it } from 'vitest';
import { REROUTABLE } from '../../src/fulfillment/rerouting.js';
import { canTransition, TRANSITIONS } from '../../src/fulfillment/status.js';
import { isHeld, offerFor, SUPPLIER_ORDER_STATUSES } from '../../web/src/admin/supplier-orders/offer.js';
import type { SupplierOrder } from '../../web/src/admin/supplier-orders/types.js';

function supplierOrder(status: SupplierOrder['status'], extra: Partial<SupplierOrder> = {}): SupplierOrder {
  return {
    id: 1,
    orderNumber: 'JNE-2026-12345678',
    supplierId: 1,
    supplierCode: 'SUP',
    supplierName: 'Supplier',
    status,
    method: 'api',
    idempotencyKey: 'JNE-2026-12345678/SUP/1a2b3c4d',
    externalReference: null,
    currency: 'EUR',
    subtotalCost: '10.0000',
    perOrderFee: '0.00',
    shippingCost: '0.00',
    attempts: 0,
    lastError: null,
    nextAttemptAt: '2026-11-30T10:00:00.000Z',
    shipBy: null,
    carrier: null,
    trackingNumber: null,
    trackingUrl: null,
    createdAt: '2026-11-30T10:00:00.000Z',
    items: [],
    ...extra,
  };
}

describe('supplier order actions in the console', () => {
  it('lists every status the server knows', () => {
    expect([...SUPPLIER_ORDER_STATUSES].sort()).toEqual(Object.keys(TRANSITIONS).sort());
  });

  it('offers no change the state machine refuses', () => {
    for (const status of SUPPLIER_ORDER_STATUSES) {
      const offer = offerFor(supplierOrder(status));
      const can = (to: SupplierOrder['status']) => canTransition(status, to);
      if (offer.markSubmitted) expect(can('submitted'), status).toBe(true);
      if (offer.markAcknowledged) expect(can('acknowledged'), status).toBe(true);
      if (offer.markShipped) expect(can('shipped') && can('partially_shipped'), status).toBe(true);
      if (offer.markDelivered) expect(can('delivered'), status).toBe(true);
      if (offer.markCancelled) expect(can('cancelled'), status).toBe(true);
      if (offer.cancel) expect(can('cancelled') || can('cancel_requested'), status).toBe(true);
      // Submit sends a pending one, or brings a failed one back to pending.
      if (offer.submit) expect(status === 'pending' || can('pending'), status).toBe(true);
      if (offer.reroute) expect(REROUTABLE.includes(status), status).toBe(true);
    }
  });

  it('offers every change an operator may make by hand in some status', () => {
    const offered = new Set<string>();
    for (const status of SUPPLIER_ORDER_STATUSES) {
      const offer = offerFor(supplierOrder(status));
      for (const [action, on] of Object.entries(offer)) if (on) offered.add(action);
    }
    expect([...offered].sort()).toEqual(
      [
        'cancel',
        'markAcknowledged',
        'markCancelled',
        'markDelivered',
        'markShipped',
        'markSubmitted',
        'reroute',
        'submit',
      ].sort(),
    );
  });

  it('calls a second send a resend, and offers re-routing one the live re-check holds', () => {
    expect(offerFor(supplierOrder('pending')).submit).toBe('Submit');
    expect(offerFor(supplierOrder('failed')).submit).toBe('Resend');
    const held = supplierOrder('pending', {
      nextAttemptAt: null,
      lastError: 'not sent: the live re-check found no stock',
    });
    expect(isHeld(held)).toBe(true);
    expect(offerFor(held)).toMatchObject({ submit: 'Resend', reroute: true });
    expect(offerFor(supplierOrder('shipped'))).toMatchObject({ submit: null, cancel: false, reroute: false });
  });
});
