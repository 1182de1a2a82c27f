/**
 * The runbook's post-deployment smoke tests against a running shop: health, products
 * (?limit=1 and ?limit=5), categories, suppliers with a token, and on request a test order
 * (placed, looked up, replayed with its Idempotency-Key, and cancelled in the same run: its
 * reservations released, its supplier orders cancelled; marked as a test order, none of them is ever
 * sent). Each check is one result line.
 */
import { randomUUID } from 'node:crypto';

export interface SmokeResult {
  name: string;
  outcome: 'pass' | 'fail' | 'skip';
  detail: string;
  ms: number;
}

export interface SmokeOptions {
  url: string;
  token?: string | undefined;
  order?: boolean;
  timeoutMs?: number;
}

export const SMOKE_EMAIL = 'smoke-test@jneoutlet.example';

type Check = () => Promise<{ ok: boolean; detail: string; skip?: boolean }>;

export async function runSmoke(options: SmokeOptions): Promise<SmokeResult[]> {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(base + path, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, body: body as Record<string, unknown> | undefined, text };
  };
  const failure = (r: { status: number; body: Record<string, unknown> | undefined; text: string }) => {
    const error = (r.body?.error as { message?: string } | undefined)?.message;
    return `HTTP ${r.status}${error ? `: ${error}` : r.text ? `: ${r.text.slice(0, 200)}` : ''}`;
  };
  const auth = options.token ? { authorization: `Bearer ${options.token}` } : undefined;

  const checks: [string, Check][] = [
    [
      'health',
      async () => {
        const r = await call('/health');
        const schema = (r.body?.schema as { version?: string } | undefined)?.version;
        return r.status === 200 && r.body?.status === 'ok'
          ? { ok: true, detail: `200 ok, schema ${schema ?? '?'}` }
          : { ok: false, detail: `${failure(r)} ${String(r.body?.reason ?? '')}`.trim() };
      },
    ],
    ['products?limit=1', () => productsCheck(1)],
    ['products?limit=5', () => productsCheck(5)],
    [
      'categories',
      async () => {
        const r = await call('/api/categories');
        const items = r.body?.items;
        return r.status === 200 && Array.isArray(items)
          ? { ok: true, detail: `200, ${items.length} top-level categories` }
          : { ok: false, detail: failure(r) };
      },
    ],
    [
      'suppliers (authenticated)',
      async () => {
        if (!auth) return { ok: true, skip: true, detail: 'no --token given' };
        const r = await call('/api/suppliers', { headers: auth });
        return r.status === 200 && Array.isArray(r.body?.items)
          ? { ok: true, detail: `200, ${String(r.body?.total)} suppliers` }
          : { ok: false, detail: failure(r) };
      },
    ],
  ];
  if (options.order) checks.push(['test order', orderCheck]);

  async function productsCheck(limit: number) {
    // offset=0: offset paging, which counts every match for the detail line.
    const r = await call(`/api/products?limit=${limit}&offset=0`);
    const items = r.body?.items;
    if (r.status !== 200 || !Array.isArray(items)) return { ok: false, detail: failure(r) };
    if (items.length > limit) return { ok: false, detail: `asked for ${limit}, got ${items.length} items` };
    return { ok: true, detail: `200, ${items.length} of ${String(r.body?.total)} products` };
  }

  async function orderCheck() {
    // The test order is cancelled in the same run, which needs a staff token: without one
    // nothing is placed.
    if (!auth)
      return { ok: false, detail: 'needs --token (staff) to cancel the test order afterwards: nothing placed' };
    const list = await call('/api/products?inStock=true&limit=1&sort=price');
    const product = (list.body?.items as { sku: string }[] | undefined)?.[0];
    if (!product) return { ok: false, detail: `no product in stock to order (${failure(list)})` };
    const key = `smoke-${randomUUID()}`;
    const init = {
      method: 'POST',
      // A test order: placed and routed like any order, its supplier orders never sent.
      headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-jne-test-order': 'true', ...auth },
      body: JSON.stringify({
        items: [{ sku: product.sku, quantity: 1 }],
        customer: { email: SMOKE_EMAIL, name: 'Smoke Test' },
        shippingAddress: {
          name: 'Smoke Test',
          line1: 'Teststraße 1',
          city: 'Hamburg',
          postalCode: '20457',
          country: 'DE',
        },
      }),
    };
    const placed = await call('/api/orders', init);
    const number = placed.body?.number as string | undefined;
    if (placed.status !== 201 || !number) return { ok: false, detail: `placing: ${failure(placed)}` };
    const checked = await placedOrderCheck(number, init, placed.body);
    const cleanup = await cancelTestOrder(number);
    if (!cleanup.ok) return { ok: false, detail: `${checked.detail}; ${cleanup.detail}` };
    return { ok: checked.ok, detail: `${checked.detail}; ${cleanup.detail}` };
  }

  async function placedOrderCheck(number: string, init: RequestInit, placed: Record<string, unknown> | undefined) {
    const replay = await call('/api/orders', init);
    if (replay.status !== 200 || replay.body?.number !== number) {
      return { ok: false, detail: `retry with the same Idempotency-Key: ${failure(replay)}` };
    }
    const read = await call(`/api/orders/${encodeURIComponent(number)}?email=${encodeURIComponent(SMOKE_EMAIL)}`);
    if (read.status !== 200 || read.body?.total !== placed?.total) {
      return { ok: false, detail: `reading it back: ${failure(read)}` };
    }
    return { ok: true, detail: `201 ${number}, total ${String(placed?.total)} ${String(placed?.currency)}` };
  }

  /** Undoes the test order: cancelled, its stock released, its supplier orders cancelled unsent. */
  async function cancelTestOrder(number: string) {
    const r = await call(`/api/orders/${encodeURIComponent(number)}/cancel`, { method: 'POST', headers: auth });
    if (r.status !== 200) {
      return { ok: false, detail: `NOT cleaned up: cancelling ${number}: ${failure(r)}; cancel it by hand` };
    }
    const sent = Number(r.body?.supplierOrdersCancelRequested ?? 0);
    if (sent > 0) {
      return { ok: false, detail: `cancelled, but ${sent} supplier order(s) had already been sent: cancel requested` };
    }
    return {
      ok: true,
      detail:
        `cleaned up: cancelled, ${String(r.body?.releasedUnits)} reserved unit(s) released, ` +
        `${String(r.body?.supplierOrdersCancelled)} supplier order(s) cancelled unsent`,
    };
  }

  const results: SmokeResult[] = [];
  for (const [name, check] of checks) {
    const started = performance.now();
    let result: { ok: boolean; detail: string; skip?: boolean };
    try {
      result = await check();
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message;
      result = { ok: false, detail: `${(error as Error).message}${why ? ` (${why})` : ''}` };
    }
    results.push({
      name,
      outcome: result.skip ? 'skip' : result.ok ? 'pass' : 'fail',
      detail: result.detail,
      ms: Math.round(performance.now() - started),
    });
  }
  return results;
}
