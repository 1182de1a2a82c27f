/**
 * The simulated supplier's side of the shop's webhook contract (DESIGN §7): a JSON event signed
 * with `X-JNE-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Events that the shop does not answer with a 2xx are sent again, a few times, with backoff.
 */
import { createHmac, randomUUID } from 'node:crypto';

export type SimEventType =
  'order.accepted' | 'order.rejected' | 'order.shipped' | 'order.delivered' | 'order.cancelled';

export interface SimEvent {
  id: string;
  type: SimEventType;
  reference: string;
  occurredAt: string;
  reason?: string;
  externalReference?: string;
  shipment?: {
    carrier: string;
    trackingNumber: string;
    trackingUrl?: string;
    lines?: { supplierSku: string; quantity: number }[];
  };
}

export interface Delivery {
  event: SimEvent;
  status: number | null;
  body: string;
}

export function newEvent(type: SimEventType, reference: string, extra: Partial<SimEvent> = {}): SimEvent {
  return { id: `evt_${randomUUID()}`, type, reference, occurredAt: new Date().toISOString(), ...extra };
}

export function signature(secret: string, timestamp: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** One delivery attempt; `timestamp` and `secret` can be overridden to send a wrongly signed event. */
export async function deliver(
  url: string,
  secret: string,
  event: SimEvent,
  options: { timestamp?: number; rawBody?: string } = {},
): Promise<Delivery> {
  const rawBody = options.rawBody ?? JSON.stringify(event);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-jne-signature': signature(secret, timestamp, rawBody) },
      body: rawBody,
      signal: AbortSignal.timeout(10_000),
    });
    return { event, status: res.status, body: await res.text() };
  } catch (error) {
    return { event, status: null, body: (error as Error).message };
  }
}

/** Delivers until a 2xx, at most 5 times (1, 2, 4, 8 s apart). */
export async function deliverWithRetries(url: string, secret: string, event: SimEvent): Promise<Delivery> {
  let last!: Delivery;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** (attempt - 1)));
    last = await deliver(url, secret, event);
    if (last.status !== null && last.status < 300) return last;
  }
  return last;
}
