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

export async function sendByApi(
  endpoint: string,
  apiKey: string | undefined,
  order: PurchaseOrder,
  timeoutMs: number,
): Promise<SendOutcome> {
  let res: Response;
  let body: string;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': order.reference,
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
      body: JSON.stringify(order),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    body = await res.text();
  } catch (error) {
    const e = error as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return {
      kind: 'retry',
      error: timedOut ? `no answer within ${timeoutMs} ms` : `network error: ${causeOf(e)}`,
      retryAfterMs: undefined,
    };
  }
  const excerpt = body.slice(0, MAX_REASON);
  if ((res.status >= 200 && res.status < 300) || res.status === 409) {
    return {
      kind: 'submitted',
      externalReference: supplierOrderId(body),
      payload: { status: res.status, answer: excerpt },
    };
  }
  if (res.status >= 500 || RETRIED.has(res.status)) {
    return {
      kind: 'retry',
      error: `supplier answered ${res.status}: ${excerpt}`,
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    };
  }
  return {
    kind: 'rejected',
    reason: `supplier answered ${res.status}: ${excerpt}`,
    payload: { status: res.status, answer: excerpt },
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
