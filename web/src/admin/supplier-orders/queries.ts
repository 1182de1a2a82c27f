/**
 * Supplier orders as the console reads and changes them: the API calls (through the staff client
 * and `call`), their query keys, and one mutation hook for every action. After an action every
 * query of the console is refetched: a supplier order's change moves its customer order too.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, staffApi } from '../../api';
import type { MarkBody, SupplierOrder, SupplierOrderQuery, SupplierOrderStatus } from './types';

export type * from './types';

export const supplierOrderKeys = {
  all: ['supplier-orders'] as const,
  list: (query: SupplierOrderQuery) => ['supplier-orders', 'list', query] as const,
  one: (id: number) => ['supplier-orders', id] as const,
  counts: ['supplier-orders', 'counts'] as const,
  /** With the status: a supplier order that changed (a worker sent it) has a longer history. */
  events: (id: number, status: SupplierOrderStatus) => ['supplier-orders', id, 'events', status] as const,
};

export function fetchSupplierOrders(query: SupplierOrderQuery, signal: AbortSignal) {
  return call(staffApi.GET('/api/supplier-orders', { params: { query }, signal }));
}

export function fetchSupplierOrder(id: number, signal: AbortSignal) {
  return call(staffApi.GET('/api/supplier-orders/{id}', { params: { path: { id } }, signal }));
}

export function fetchSupplierOrderCounts(signal: AbortSignal) {
  return call(staffApi.GET('/api/supplier-orders/counts', { signal }));
}

export async function fetchSupplierOrderEvents(id: number) {
  return (await call(staffApi.GET('/api/supplier-orders/{id}/events', { params: { path: { id } } }))).items;
}

/** Every action an operator takes on a supplier order, as the API names it. */
export type SupplierOrderAction =
  | { kind: 'submit'; id: number }
  | { kind: 'mark'; id: number; body: MarkBody }
  | { kind: 'cancel'; id: number }
  | { kind: 'reroute'; id: number };

/** What the operator is told after an action, in the server's terms, and the status it left. */
export interface ActionOutcome {
  message: string;
  /** The status the action left the supplier order in; the message is stale once it moves on. */
  status?: SupplierOrderStatus;
}

async function run(action: SupplierOrderAction): Promise<ActionOutcome> {
  const path = { path: { id: action.id } };
  switch (action.kind) {
    case 'submit': {
      const r = await call(staffApi.POST('/api/supplier-orders/{id}/submit', { params: path }));
      return { message: `Supplier order ${r.id} is queued to be sent now.`, status: r.status };
    }
    case 'mark': {
      const r = await call(staffApi.POST('/api/supplier-orders/{id}/mark', { params: path, body: action.body }));
      return { message: `Supplier order ${r.id} went from ${r.from} to ${r.to}.`, status: r.to };
    }
    case 'cancel': {
      const r = await call(staffApi.POST('/api/supplier-orders/{id}/cancel', { params: path }));
      const message =
        r.to === 'cancel_requested'
          ? `Supplier order ${r.id}: the supplier is asked to cancel it (cancel requested).`
          : `Supplier order ${r.id} is cancelled.`;
      return { message, status: r.to };
    }
    case 'reroute': {
      const r = await call(staffApi.POST('/api/supplier-orders/{id}/reroute', { params: path }));
      if (r.alreadyRerouted) {
        return { message: `Supplier order ${r.supplierOrderId} was re-routed before; nothing changed now.` };
      }
      const moved = r.lines.map((l) =>
        l.to.length === 0
          ? `${l.sku}: nothing can fill it (${l.unfulfillable ?? 'no source'})`
          : `${l.sku} → ${l.to.map((t) => (t.kind === 'own' ? `own stock ${t.source}` : `${t.supplier} (supplier order ${t.supplierOrderId})`)).join(', ')}`,
      );
      return { message: `Re-routed: ${moved.join('; ')}.` };
    }
  }
}

export function useSupplierOrderAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries(),
  });
}

export function uploadTracking(supplierId: number, csv: string) {
  return call(
    staffApi.POST('/api/suppliers/{id}/tracking-imports', {
      params: { path: { id: supplierId } },
      body: csv,
      // The route takes the file as it is: text/csv, not JSON.
      bodySerializer: (body: string) => body,
      headers: { 'content-type': 'text/csv' },
    }),
  );
}

/** Saves the purchase order (CSV, or the printable HTML page), named after the supplier order's reference. */
export async function downloadPurchaseOrder(
  order: Pick<SupplierOrder, 'id' | 'idempotencyKey'>,
  format: 'csv' | 'html',
) {
  const { id } = order;
  const params = { params: { path: { id } }, parseAs: 'blob' as const };
  const blob =
    format === 'csv'
      ? await call(staffApi.GET('/api/supplier-orders/{id}/purchase-order.csv', params))
      : await call(staffApi.GET('/api/supplier-orders/{id}/purchase-order.html', params));
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `PO-${order.idempotencyKey.replace(/[^A-Za-z0-9._-]+/g, '-')}.${format}`;
  link.click();
  // The click has handed the file to the browser.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The suppliers to choose from in a filter or an upload: the first 100 by the API's order. */
export function useSupplierChoices() {
  return useQuery({
    queryKey: ['suppliers', 'choices'],
    queryFn: async ({ signal }) =>
      (await call(staffApi.GET('/api/suppliers', { params: { query: { limit: 100, offset: 0 } }, signal }))).items.map(
        (s) => ({ id: s.id, code: s.code, name: s.name }),
      ),
    staleTime: 60_000,
  });
}
