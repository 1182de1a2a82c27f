/**
 * The supplier simulator: the supplier side of the wire contracts of DESIGN §7, as a real HTTP
 * server. It takes orders (one per Idempotency-Key; every request counted per key), answers with
 * the configured share of rejections, 503s, timeouts and latency, cancels, answers stock and cost
 * questions, serves a catalog feed, and later tells the shop what happened through its signed
 * webhook (order.accepted, order.shipped with tracking, order.delivered).
 *
 * Under /_sim it has a few controls for tests and for trying the shop by hand: its state, a
 * script of the next answers, sending one event now, replacing the catalog.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { catalogCsv, generateCatalog, type SimItem } from './catalog.js';
import type { SimOptions } from './options.js';
import { deliver, deliverWithRetries, newEvent, type Delivery, type SimEvent, type SimEventType } from './webhooks.js';

export interface SimOrder {
  reference: string;
  id: string;
  orderNumber: string;
  status: 'accepted' | 'rejected' | 'shipped' | 'delivered' | 'cancelled';
  reason?: string;
  lines: { supplierSku: string; quantity: number; unitCost: string }[];
  receivedAt: string;
}

/** A scripted answer to the next order request (or cancel, or stock request), instead of the usual one. */
export interface ScriptedAnswer {
  /** Which request it answers: order (the default), cancel or stock. */
  for?: 'order' | 'cancel' | 'stock';
  status: number;
  body?: unknown;
  /** Retry-After header, in seconds. */
  retryAfter?: number;
  /** Wait this long before answering (the order is recorded first). */
  delayMs?: number;
}

export interface RunningSim {
  app: FastifyInstance;
  /** http://host:port; the orders endpoint (a supplier's api_endpoint) is `${url}/orders`. */
  url: string;
  close(): Promise<void>;
}

export async function startSupplierSim(options: SimOptions): Promise<RunningSim> {
  const orders = new Map<string, SimOrder>();
  const received = new Map<string, number>();
  const deliveries: Delivery[] = [];
  const script: ScriptedAnswer[] = [];
  const cancels = new Map<string, number>();
  /** The next scripted answer for this kind of request, taken off the script. */
  const scripted = (kind: NonNullable<ScriptedAnswer['for']>): ScriptedAnswer | undefined => {
    const i = script.findIndex((a) => (a.for ?? 'order') === kind);
    return i < 0 ? undefined : script.splice(i, 1)[0];
  };
  const timers = new Map<string, NodeJS.Timeout[]>();
  let catalog: SimItem[] = generateCatalog(options.catalogSize);
  let sequence = 0;
  const hanging = new Set<() => void>();

  const app = Fastify({ logger: false });

  const authorized = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!options.apiKey || request.headers.authorization === `Bearer ${options.apiKey}`) return true;
    void reply.code(401).send({ error: 'missing or wrong API key' });
    return false;
  };
  const pause = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

  /** Sends an event to the shop (with retries), and remembers how it went. */
  const emit = async (type: SimEventType, order: SimOrder, extra: Partial<SimEvent> = {}) => {
    if (!options.webhookUrl || !options.webhookSecret) return;
    const event = newEvent(type, order.reference, { externalReference: order.id, ...extra });
    deliveries.push(await deliverWithRetries(options.webhookUrl, options.webhookSecret, event));
  };
  const later = (reference: string, ms: number, fn: () => Promise<void>) => {
    const timer = setTimeout(() => void fn(), ms);
    timer.unref();
    timers.set(reference, [...(timers.get(reference) ?? []), timer]);
  };
  /**
   * The order's life after acceptance: accepted now, shipped and delivered later. Its events go out
   * one after the other, in order, as a supplier sends them (with --ship-after 0 all three are due
   * at once, and each waits for the shop's answer to the one before).
   */
  const lifecycle = (order: SimOrder) => {
    let previous = Promise.resolve();
    const inTurn = (fn: () => Promise<void>) => () => (previous = previous.then(fn));
    later(
      order.reference,
      200,
      inTurn(() => emit('order.accepted', order)),
    );
    if (options.shipAfterSeconds === undefined) return;
    const ship = options.shipAfterSeconds * 1000;
    later(
      order.reference,
      200 + ship,
      inTurn(async () => {
        order.status = 'shipped';
        await emit('order.shipped', order, {
          shipment: {
            carrier: 'SIM Parcel',
            trackingNumber: `SIM${order.id.replace(/\D/g, '')}`,
            trackingUrl: `${url}/track/SIM${order.id.replace(/\D/g, '')}`,
          },
        });
      }),
    );
    later(
      order.reference,
      200 + 2 * ship,
      inTurn(async () => {
        order.status = 'delivered';
        await emit('order.delivered', order);
      }),
    );
  };

  app.post('/orders', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    await pause(options.latencyMs);
    const key = request.headers['idempotency-key'];
    const problem = orderProblem(request.body, key);
    if (problem) return reply.code(400).send({ error: problem });
    const reference = key as string;
    const body = request.body as { orderNumber: string; lines: SimOrder['lines'] };
    received.set(reference, (received.get(reference) ?? 0) + 1);

    const known = orders.get(reference);
    if (known?.status === 'rejected') return reply.code(422).send({ error: known.reason });
    if (known) return reply.code(409).send({ id: known.id, status: known.status, error: 'order already received' });

    const record = (status: SimOrder['status'], reason?: string): SimOrder => {
      sequence += 1;
      const order: SimOrder = {
        reference,
        id: `SIM-${String(sequence).padStart(6, '0')}`,
        orderNumber: body.orderNumber,
        status,
        ...(reason ? { reason } : {}),
        lines: body.lines,
        receivedAt: new Date().toISOString(),
      };
      orders.set(reference, order);
      if (status === 'accepted') lifecycle(order);
      return order;
    };

    const answer = scripted('order');
    if (answer) {
      let order: SimOrder | undefined;
      if (answer.status >= 200 && answer.status < 300) order = record('accepted');
      else if (answer.status >= 400 && answer.status < 500 && ![408, 409, 429].includes(answer.status)) {
        order = record('rejected', JSON.stringify(answer.body ?? {}));
      }
      await pause(answer.delayMs ?? 0);
      if (answer.retryAfter !== undefined) void reply.header('retry-after', String(answer.retryAfter));
      return reply.code(answer.status).send(answer.body ?? (order ? { id: order.id } : {}));
    }
    if (Math.random() < options.failRate) {
      return reply.code(503).header('retry-after', '1').send({ error: 'temporarily overloaded' });
    }
    if (Math.random() < options.timeoutRate) {
      record('accepted');
      // Recorded, never answered: the caller gives up and sends it again.
      await new Promise<void>((resolve) => {
        hanging.add(resolve);
        request.raw.once('close', resolve);
      });
      return reply;
    }
    if (Math.random() >= options.acceptRate) {
      const reason = `out of stock: ${body.lines[0]?.supplierSku ?? 'all lines'}`;
      record('rejected', reason);
      return reply.code(422).send({ error: reason });
    }
    return reply.code(201).send({ id: record('accepted').id, status: 'accepted' });
  });

  app.post<{ Params: { reference: string } }>('/orders/:reference/cancel', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    await pause(options.latencyMs);
    cancels.set(request.params.reference, (cancels.get(request.params.reference) ?? 0) + 1);
    const answer = scripted('cancel');
    if (answer) {
      await pause(answer.delayMs ?? 0);
      return reply.code(answer.status).send(answer.body ?? {});
    }
    const order = orders.get(request.params.reference);
    if (!order || order.status === 'rejected') return reply.code(404).send({ error: 'no such order' });
    if (order.status === 'shipped' || order.status === 'delivered') {
      return reply.code(409).send({ error: 'too late: the order has shipped' });
    }
    order.status = 'cancelled';
    for (const timer of timers.get(order.reference) ?? []) clearTimeout(timer);
    return { id: order.id, status: 'cancelled' };
  });

  app.get<{ Querystring: { sku?: string | string[] } }>('/orders/stock', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    await pause(options.latencyMs);
    const answer = scripted('stock');
    if (answer) {
      await pause(answer.delayMs ?? 0);
      return reply.code(answer.status).send(answer.body ?? {});
    }
    const asked = [request.query.sku ?? []].flat();
    const items = catalog
      .filter((i) => asked.includes(i.supplierSku))
      .map((i) => ({ supplierSku: i.supplierSku, available: i.available, unitCost: i.unitCost }));
    if (items.length === 0) return reply.code(404).send({ error: 'none of these SKUs is offered' });
    return { items };
  });

  app.get('/catalog.csv', async (_request, reply) => reply.type('text/csv; charset=utf-8').send(catalogCsv(catalog)));
  app.get('/catalog.json', async () => catalog);

  // Controls for tests and for trying the shop by hand.
  app.get('/_sim/state', async () => ({
    orders: [...orders.values()],
    received: Object.fromEntries(received),
    cancels: Object.fromEntries(cancels),
    deliveries,
  }));
  app.post<{ Body: { responses: ScriptedAnswer[] } }>('/_sim/script', async (request) => {
    script.push(...request.body.responses);
    return { queued: script.length };
  });
  app.post<{
    Body: Partial<SimEvent> & {
      type: SimEventType;
      reference: string;
      timestamp?: number;
      secret?: string;
      rawBody?: string;
    };
  }>('/_sim/events', async (request, reply) => {
    const { timestamp, secret, rawBody, ...fields } = request.body;
    if (!options.webhookUrl || !(secret ?? options.webhookSecret)) {
      return reply.code(409).send({ error: 'start the simulator with --webhook-url and --webhook-secret' });
    }
    const order = orders.get(fields.reference);
    const event = newEvent(fields.type, fields.reference, {
      ...(order ? { externalReference: order.id } : {}),
      ...fields,
    });
    const delivery = await deliver(options.webhookUrl, secret ?? options.webhookSecret!, event, {
      ...(timestamp !== undefined ? { timestamp } : {}),
      ...(rawBody !== undefined ? { rawBody } : {}),
    });
    deliveries.push(delivery);
    return delivery;
  });
  app.put<{ Body: { items: SimItem[] } }>('/_sim/catalog', async (request) => {
    catalog = request.body.items;
    return { items: catalog.length };
  });

  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host}:${port}`;
  return {
    app,
    url,
    async close() {
      for (const list of timers.values()) for (const timer of list) clearTimeout(timer);
      for (const resolve of hanging) resolve();
      await app.close();
    },
  };
}

/** What is wrong with an order request, in a supplier's words; undefined when it is well-formed. */
function orderProblem(body: unknown, key: string | string[] | undefined): string | undefined {
  if (typeof key !== 'string' || key === '') return 'Idempotency-Key header missing';
  if (typeof body !== 'object' || body === null) return 'body: a JSON object expected';
  const b = body as Record<string, unknown>;
  if (b.reference !== key) return 'reference: must equal the Idempotency-Key header';
  for (const field of ['orderNumber', 'currency', 'shipBy'] as const) {
    if (typeof b[field] !== 'string' || b[field] === '') return `${field}: missing`;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(b.shipBy as string)) return 'shipBy: YYYY-MM-DD expected';
  const shipTo = b.shipTo as Record<string, unknown> | undefined;
  for (const field of ['name', 'line1', 'city', 'postalCode', 'country'] as const) {
    if (typeof shipTo?.[field] !== 'string' || shipTo[field] === '') return `shipTo.${field}: missing`;
  }
  if (!Array.isArray(b.lines) || b.lines.length === 0) return 'lines: at least one line expected';
  for (const [i, line] of (b.lines as Record<string, unknown>[]).entries()) {
    if (typeof line.supplierSku !== 'string') return `lines[${i}].supplierSku: missing`;
    if (!Number.isInteger(line.quantity) || (line.quantity as number) < 1)
      return `lines[${i}].quantity: a whole number >= 1`;
    if (typeof line.unitCost !== 'string' || !/^\d+(\.\d+)?$/.test(line.unitCost)) {
      return `lines[${i}].unitCost: a decimal string like "12.34"`;
    }
  }
  return undefined;
}
