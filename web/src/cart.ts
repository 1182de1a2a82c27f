/**
 * The cart lives in localStorage (per browser, survives reloads) and is shared between tabs via
 * the storage event. Lines keep what the cart page shows; the server prices the order anew.
 */
import { useSyncExternalStore } from 'react';
import { fromCents, toCents } from './money';

export interface CartLine {
  sku: string;
  slug: string;
  name: string;
  /** Unit price as last seen in the catalog, decimal string. */
  price: string;
  currency: string;
  image: string | null;
  quantity: number;
}

export const MAX_QUANTITY = 99;
const KEY = 'jne.cart.v1';
const listeners = new Set<() => void>();
let cache: CartLine[] | null = null;

function read(): CartLine[] {
  if (cache) return cache;
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    cache = Array.isArray(parsed) ? parsed.filter(isLine) : [];
  } catch {
    cache = [];
  }
  return cache;
}

function isLine(value: unknown): value is CartLine {
  const v = value as Partial<CartLine> | null;
  return (
    !!v &&
    typeof v.sku === 'string' &&
    typeof v.name === 'string' &&
    typeof v.price === 'string' &&
    typeof v.quantity === 'number' &&
    Number.isInteger(v.quantity) &&
    v.quantity > 0
  );
}

function write(lines: CartLine[]): void {
  cache = lines;
  try {
    localStorage.setItem(KEY, JSON.stringify(lines));
  } catch {
    // Private mode or a full storage: the cart still works for this page view.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) {
      cache = null;
      listener();
    }
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useCart(): CartLine[] {
  return useSyncExternalStore(subscribe, read, () => []);
}

export function addToCart(line: Omit<CartLine, 'quantity'>, quantity = 1): void {
  const lines = read();
  const existing = lines.find((l) => l.sku === line.sku);
  if (existing) {
    write(
      lines.map((l) =>
        l.sku === line.sku ? { ...l, ...line, quantity: Math.min(MAX_QUANTITY, l.quantity + quantity) } : l,
      ),
    );
  } else {
    write([...lines, { ...line, quantity: Math.min(MAX_QUANTITY, quantity) }]);
  }
}

export function setQuantity(sku: string, quantity: number): void {
  if (quantity <= 0) return removeFromCart(sku);
  write(read().map((l) => (l.sku === sku ? { ...l, quantity: Math.min(MAX_QUANTITY, Math.floor(quantity)) } : l)));
}

export function removeFromCart(sku: string): void {
  write(read().filter((l) => l.sku !== sku));
}

export function clearCart(): void {
  write([]);
}

export function itemCount(lines: CartLine[]): number {
  return lines.reduce((n, l) => n + l.quantity, 0);
}

/** Preview of the subtotal, summed in integer cents. */
export function subtotalPreview(lines: CartLine[]): string {
  return fromCents(lines.reduce((sum, l) => sum + toCents(l.price) * l.quantity, 0));
}

export function lineTotalPreview(line: CartLine): string {
  return fromCents(toCents(line.price) * line.quantity);
}
