/**
 * The order just placed, kept for this tab so the confirmation page can show the server's answer
 * (and survive a reload) without putting the customer's e-mail into the URL.
 */
import type { Order } from '../api';

const KEY = 'jne.lastOrder.v1';

export function rememberOrder(order: Order, email: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ order, email }));
  } catch {
    // Storage unavailable: the confirmation page falls back to the lookup form.
  }
}

export function recallOrder(number: string): { order: Order; email: string } | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { order: Order; email: string } | null;
    return saved && saved.order.number === number ? saved : null;
  } catch {
    return null;
  }
}
