/**
 * Sending a purchase order to a supplier's REST API, as DESIGN §7 fixes it: one POST with the
 * reference as Idempotency-Key and the API key as bearer token, within a timeout. The answer is
 * classified, never thrown: submitted (2xx, or 409: it has the order already), rejected (any
 * other 4xx, with the supplier's body as the reason), or worth trying again (network error,
 * timeout, 408, 429, 5xx).
 */
import type { PurchaseOrder } from '../purchase-order.js';
import { parseRetryAfter } from '../backoff.js';
import type { SendOutcome } from './outcome.js';

const RETRIED = new Set([408, 429]);
const MAX_REASON = 2000;

/** What a supplier's API answered, or why it did not answer. */
export type SupplierAnswer =
  | { answered: true; status: number; body: string; retryAfterMs: number | undefined }
  | { answered: false; error: string };

/**
 * One call to a supplier's API with the headers of DESIGN §7 (the reference as Idempotency-Key,
 * the API key as bearer token), within the timeout; the body is kept up to 2,000 characters.
 * The order, the cancel call and the stock re-check all go through it.
 */
export async function callSupplier(
  method: 'GET' | 'POST',
  url: string,
  apiKey: string | undefined,
  reference: string | undefined,
  body: unknown,
  timeoutMs: number,
): Promise<SupplierAnswer> {
  try {
    const res = await fetch(url, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(reference ? { 'idempotency-key': reference } : {}),
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    const text = await res.text();
    return {
      answered: true,
      status: res.status,
      body: text.slice(0, MAX_REASON),
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    };
  } catch (error) {
    const e = error as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { answered: false, error: timedOut ? `no answer within ${timeoutMs} ms` : `network error: ${causeOf(e)}` };
  }
}

/** Network errors, timeouts, 408, 429 and 5xx are worth trying again. */
export function worthRetrying(status: number): boolean {
  return status >= 500 || RETRIED.has(status);
}

export async function sendByApi(
  endpoint: string,
  apiKey: string | undefined,
  order: PurchaseOrder,
  timeoutMs: number,
): Promise<SendOutcome> {
  const res = await callSupplier('POST', endpoint, apiKey, order.reference, order, timeoutMs);
  if (!res.answered) return { kind: 'retry', error: res.error, retryAfterMs: undefined };
  if ((res.status >= 200 && res.status < 300) || res.status === 409) {
    return {
      kind: 'submitted',
      externalReference: supplierOrderId(res.body),
      payload: { status: res.status, answer: res.body },
    };
  }
  if (worthRetrying(res.status)) {
    return { kind: 'retry', error: `supplier answered ${res.status}: ${res.body}`, retryAfterMs: res.retryAfterMs };
  }
  return {
    kind: 'rejected',
    reason: `supplier answered ${res.status}: ${res.body}`,
    payload: { status: res.status, answer: res.body },
  };
}

/** The supplier's own order number: the answer's `id`, if it is JSON and has one. */
function supplierOrderId(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

function causeOf(error: Error): string {
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
