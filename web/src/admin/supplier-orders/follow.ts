/**
 * Pages that show supplier orders follow them while they move without the operator: the dispatch
 * workers send a pending one, the supplier's webhooks (or its tracking file) acknowledge, ship and
 * deliver it. The page asks again while one is on its way, and a change it sees refreshes what
 * follows from it, as an action does.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { orderKeys } from '../orders/order-queries';
import { supplierOrderKeys } from './queries';
import type { SupplierOrder, SupplierOrderStatus } from './types';

/** The supplier has it: only its webhooks, its tracking file or an operator move it on. */
const WITH_THE_SUPPLIER: readonly SupplierOrderStatus[] = [
  'submitted',
  'acknowledged',
  'partially_shipped',
  'shipped',
  'cancel_requested',
];

/**
 * How often a query of supplier orders asks again: every 2 s while one is due to be sent (pending
 * with a next attempt), every 10 s while a supplier has one, not at all once they have settled.
 */
export function refetchWhileMoving(orders: SupplierOrder[] | undefined): number | false {
  if (orders?.some((o) => o.status === 'pending' && o.nextAttemptAt !== null)) return 2000;
  if (orders?.some((o) => WITH_THE_SUPPLIER.includes(o.status))) return 10_000;
  return false;
}

/**
 * When a supplier order the page shows has a new status in a later answer, the page's other views
 * of supplier orders (the queue, its counts, the opened one) and the customer orders (their status,
 * lines, profit and parcels move with it) are read again.
 */
export function useFollowSupplierOrders(orders: SupplierOrder[] | undefined): void {
  const queryClient = useQueryClient();
  const seen = useRef(new Map<number, SupplierOrderStatus>());
  useEffect(() => {
    if (!orders) return;
    const moved = orders.some((o) => (seen.current.get(o.id) ?? o.status) !== o.status);
    for (const o of orders) seen.current.set(o.id, o.status);
    if (moved) {
      // A request already under way is left to finish, not aborted: the polling asks again anyway.
      const options = { cancelRefetch: false };
      void queryClient.invalidateQueries({ queryKey: supplierOrderKeys.all }, options);
      void queryClient.invalidateQueries({ queryKey: orderKeys.all }, options);
    }
  }, [orders, queryClient]);
}
