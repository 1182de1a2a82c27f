/**
 * One order as the console reads and changes it: the order, its routing (each allocation with its
 * decision), its status history, and the order-level actions (cancel, ship own stock). After an
 * action every query of the console is refetched: the supplier orders move with the order.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, call, staffApi, type JsonOf } from '../../api';
import type { paths } from '../../api/schema.js';

export type StaffOrder = JsonOf<paths['/api/orders/{number}']['get']['responses'][200]>;
export type Allocation = JsonOf<paths['/api/orders/{number}/routing']['get']['responses'][200]>['items'][number];
export type Candidate = Allocation['decision']['candidates'][number];
export type StatusEvent = JsonOf<
  paths['/api/orders/{number}/status-history']['get']['responses'][200]
>['items'][number];

export type OrderProfit = JsonOf<paths['/api/orders/{number}/profit']['get']['responses'][200]>;
export type LineProfit = OrderProfit['lines'][number];
export type ProfitFigures = NonNullable<LineProfit['profit']>;

export const orderKeys = {
  all: ['order'] as const,
  one: (number: string) => ['order', number] as const,
  routing: (number: string) => ['order', number, 'routing'] as const,
  history: (number: string) => ['order', number, 'status-history'] as const,
  profit: (number: string) => ['order', number, 'profit'] as const,
};

export function fetchOrder(number: string, signal: AbortSignal) {
  return call(staffApi.GET('/api/orders/{number}', { params: { path: { number }, query: {} }, signal }));
}

/** The allocations of the order; an order placed before routing was recorded has none (404). */
export async function fetchRouting(number: string, signal: AbortSignal): Promise<Allocation[]> {
  try {
    return (await call(staffApi.GET('/api/orders/{number}/routing', { params: { path: { number } }, signal }))).items;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}

export function fetchProfit(number: string, signal: AbortSignal) {
  return call(staffApi.GET('/api/orders/{number}/profit', { params: { path: { number } }, signal }));
}

export async function fetchStatusHistory(number: string, signal: AbortSignal) {
  return (await call(staffApi.GET('/api/orders/{number}/status-history', { params: { path: { number } }, signal })))
    .items;
}

export type OrderAction = { kind: 'cancel' | 'ship-own-stock'; number: string };

async function run({ kind, number }: OrderAction): Promise<string> {
  const params = { params: { path: { number } } };
  if (kind === 'cancel') {
    const r = await call(staffApi.POST('/api/orders/{number}/cancel', params));
    return (
      `Order ${r.number} is cancelled: ${r.releasedUnits} reserved unit(s) released, ` +
      `${r.supplierOrdersCancelled} supplier order(s) cancelled, ${r.supplierOrdersCancelRequested} asked to cancel.`
    );
  }
  const r = await call(staffApi.POST('/api/orders/{number}/ship-own-stock', params));
  return `${r.shippedUnits} unit(s) left the warehouse; order ${r.number} is ${r.status.replace('_', ' ')}.`;
}

export function useOrderAction() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSettled: () => queryClient.invalidateQueries() });
}
