/** The supplier simulator as a peer on loopback for tests, and a well-formed order body for it. */
import { DEFAULT_SIM_OPTIONS, type SimOptions } from '../../src/supplier-sim/options.js';
import { startSupplierSim, type RunningSim } from '../../src/supplier-sim/server.js';

export function sim(options: Partial<SimOptions> = {}): Promise<RunningSim> {
  return startSupplierSim({ ...DEFAULT_SIM_OPTIONS, port: 0, shipAfterSeconds: undefined, ...options });
}

export async function simState(s: RunningSim) {
  return (await fetch(`${s.url}/_sim/state`)).json() as Promise<{
    orders: { reference: string; id: string; status: string; lines: unknown[] }[];
    received: Record<string, number>;
    cancels: Record<string, number>;
    deliveries: { event: { id: string; type: string }; status: number | null; body: string }[];
  }>;
}

/** Queues scripted answers: orders by default, or `for: 'cancel' | 'stock'`. */
export function script(
  s: RunningSim,
  responses: { for?: 'order' | 'cancel' | 'stock'; status: number; body?: unknown }[],
) {
  return fetch(`${s.url}/_sim/script`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ responses }),
  });
}

/** Sets what the simulator's stock endpoint answers: these items only. */
export function simCatalog(s: RunningSim, items: { supplierSku: string; available: number; unitCost: string }[]) {
  return fetch(`${s.url}/_sim/catalog`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: items.map((i) => ({ name: i.supplierSku, gtin: '4000000000001', ...i })) }),
  });
}

export function orderBody(reference: string) {
  return {
    reference,
    orderNumber: 'JNE-1',
    currency: 'EUR',
    shipBy: '2026-12-01',
    shipTo: { name: 'A Buyer', line1: 'Hauptstr. 1', line2: null, city: 'Berlin', postalCode: '10115', country: 'DE' },
    lines: [{ supplierSku: 'SIM-0001', quantity: 2, unitCost: '12.34' }],
  };
}
