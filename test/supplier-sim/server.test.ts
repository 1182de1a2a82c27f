/** The supplier simulator keeps the supplier side of DESIGN §7; tests of the shop rely on it. */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/io.js';
import { simOptions } from '../../src/cli/supplier-sim.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { orderBody, sim, simState } from '../support/sim.js';

describe('supplier simulator', () => {
  let s: RunningSim | undefined;
  let receiver: http.Server | undefined;
  afterEach(async () => {
    await s?.close();
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(null)));
    s = undefined;
    receiver = undefined;
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s!.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const order = (reference: string, headers: Record<string, string> = {}) =>
    post('/orders', orderBody(reference), { 'idempotency-key': reference, ...headers });

  it('takes one order per Idempotency-Key, answers 409 for a repeat, and counts every request per key', async () => {
    s = await sim();
    const first = await order('REF-1');
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    expect(id).toMatch(/^SIM-\d+$/);
    const again = await order('REF-1');
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ id });
    expect((await order('REF-2')).status).toBe(201);
    const state = await simState(s);
    expect(state.received).toEqual({ 'REF-1': 2, 'REF-2': 1 });
    expect(state.orders.map((o) => o.reference)).toEqual(['REF-1', 'REF-2']);
  });

  it('rejects malformed orders naming the field, and orders without the API key', async () => {
    s = await sim({ apiKey: 'k-123' });
    expect((await order('REF-1')).status).toBe(401);
    const bad = await post(
      '/orders',
      { ...orderBody('REF-1'), shipBy: 'soon' },
      {
        'idempotency-key': 'REF-1',
        authorization: 'Bearer k-123',
      },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'shipBy: YYYY-MM-DD expected' });
    expect((await order('REF-1', { authorization: 'Bearer k-123' })).status).toBe(201);
  });

  it('answers with the accept rate and fail rate, and with a script of answers', async () => {
    s = await sim({ acceptRate: 0 });
    const rejected = await order('REF-1');
    expect(rejected.status).toBe(422);
    expect(await rejected.json()).toEqual({ error: 'out of stock: SIM-0001' });
    expect((await order('REF-1')).status).toBe(422);
    await s.close();

    s = await sim({ failRate: 1 });
    const busy = await order('REF-1');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect((await simState(s)).orders).toEqual([]);
    await s.close();

    s = await sim();
    await post('/_sim/script', { responses: [{ status: 429, retryAfter: 2 }, { status: 201 }] });
    const limited = await order('REF-1');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
    expect((await order('REF-1')).status).toBe(201);
  });

  it('cancels an order not yet shipped, answers stock and cost, and serves its catalog feed', async () => {
    s = await sim();
    await order('REF-1');
    expect((await post('/orders/REF-1/cancel', {})).status).toBe(200);
    expect((await post('/orders/NOPE/cancel', {})).status).toBe(404);
    const stock = await fetch(`${s.url}/orders/stock?sku=SIM-0001&sku=SIM-0002&sku=OTHER`);
    expect(await stock.json()).toEqual({
      items: [
        { supplierSku: 'SIM-0001', available: 13, unitCost: '12.37' },
        { supplierSku: 'SIM-0002', available: 26, unitCost: '19.74' },
      ],
    });
    expect((await fetch(`${s.url}/orders/stock?sku=OTHER`)).status).toBe(404);
    const feed = await (await fetch(`${s.url}/catalog.csv`)).text();
    expect(feed.split('\n').slice(0, 2)).toEqual([
      'supplier_sku,name,gtin,cost_price,stock_quantity',
      'SIM-0001,Simulated item 1,4000000000001,12.37,13',
    ]);
  });

  it('tells the webhook about acceptance, shipment and delivery, signed with the secret over timestamp and raw body', async () => {
    const got: { signature: string; body: string }[] = [];
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ signature: String(req.headers['x-jne-signature']), body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"applied":true}');
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    s = await sim({ webhookUrl: `http://127.0.0.1:${port}/hook`, webhookSecret: 'whsec', shipAfterSeconds: 0 });
    await order('REF-1');
    await expect.poll(() => got.length, { timeout: 10_000 }).toBe(3);
    const events = got.map((g) => JSON.parse(g.body) as { type: string; reference: string; shipment?: unknown });
    expect(events.map((e) => e.type).sort()).toEqual(['order.accepted', 'order.delivered', 'order.shipped']);
    expect(events.find((e) => e.type === 'order.shipped')!.shipment).toMatchObject({ carrier: 'SIM Parcel' });
    for (const g of got) {
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(g.signature)!;
      expect(v1).toBe(createHmac('sha256', 'whsec').update(`${t}.${g.body}`).digest('hex'));
      expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(300);
    }
  });

  it('reads its flags strictly', () => {
    expect(simOptions(['--port', '0', '--accept-rate', '0.8', '--ship-after', 'never'])).toMatchObject({
      port: 0,
      acceptRate: 0.8,
      shipAfterSeconds: undefined,
    });
    expect(() => simOptions(['--fail-rate', '2'])).toThrow(UsageError);
    expect(() => simOptions(['--webhook-url', 'http://x/y'])).toThrow('--webhook-url needs --webhook-secret');
  });
});
