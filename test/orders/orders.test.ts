/** POST /api/orders (guest checkout) and the order reads, on every backend. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { smallCatalog } from '../support/catalog.js';
import { offer, supplier } from '../support/dropship.js';

const address = { name: 'Erika Muster', line1: 'Hauptstraße 5', city: 'Köln', postalCode: '50667', country: 'DE' };
const order = (items: unknown[], email = 'erika@example.com') => ({
  items,
  customer: { email, name: 'Erika Muster' },
  shippingAddress: address,
});

for (const backend of backends) {
  describe(`orders on ${backend}`, () => {
    let t: TestApp;
    let ids: Record<string, number>;
    beforeAll(async () => {
      t = await testApp(backend, { config: { logLevel: 'silent', shipping: { flatFee: '4.95', freeOver: '100.00' } } });
      ids = (await smallCatalog(t.database.db)).products;
      // Orders are routed: a dropship supplier with plenty of every product, so routing never refuses here.
      const backup = await supplier(t.database.db, 'BACKUP');
      for (const id of Object.values(ids)) await offer(t.database.db, backup, id, '1.00', 1000);
    });
    afterAll(() => t.close());
    const place = (payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/orders', payload: payload as object, headers });
    const count = async (table: 'orders' | 'order_items' | 'customers') =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('places an order priced from current prices, with shipping, and 201 with number and totals', async () => {
      const res = await place(
        order([
          { sku: 'SNK-2', quantity: 1 },
          { productId: ids['TEE-1'], quantity: 3 },
        ]),
      );
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        number: expect.stringMatching(/^JNE-\d{4}-\d{8}$/),
        status: 'confirmed',
        email: 'erika@example.com',
        customerName: 'Erika Muster',
        currency: 'EUR',
        subtotal: '87.49',
        shippingTotal: '4.95',
        taxTotal: '0.00',
        total: '92.44',
        shippingAddress: address,
      });
      expect(body.items).toEqual([
        expect.objectContaining({ sku: 'SNK-2', quantity: 1, unitPrice: '49.99', lineTotal: '49.99' }),
        expect.objectContaining({ sku: 'TEE-1', quantity: 3, unitPrice: '12.50', lineTotal: '37.50' }),
      ]);
      const free = await place(order([{ sku: 'SNK-1', quantity: 2 }]));
      expect(free.json()).toMatchObject({ subtotal: '119.98', shippingTotal: '0.00', total: '119.98' });
    });

    it('never trusts a client price: unknown fields are refused', async () => {
      const res = await place(order([{ sku: 'SNK-2', quantity: 1, price: '0.01' }]));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([
        { in: 'body', path: '/items/0/price', message: 'is not a known field' },
      ]);
    });

    it('names the line of unknown, unsellable and absurd items, and writes nothing', async () => {
      const before = await count('orders');
      const zero = await place(
        order([
          { sku: 'SNK-1', quantity: 1 },
          { sku: 'SNK-2', quantity: 0 },
        ]),
      );
      expect(zero.statusCode).toBe(400);
      expect(zero.json().error).toMatchObject({
        code: 'validation_failed',
        message: 'body /items/1/quantity: must be at least 1',
        details: [{ in: 'body', path: '/items/1/quantity', message: 'must be at least 1' }],
      });
      const absurd = await place(order([{ sku: 'SNK-1', quantity: 100000 }]));
      expect(absurd.json().error.details[0]).toMatchObject({
        path: '/items/0/quantity',
        message: 'must be at most 100',
      });
      const fractional = await place(order([{ sku: 'SNK-1', quantity: 1.5 }]));
      expect(fractional.json().error.details[0]).toMatchObject({ path: '/items/0/quantity' });

      const unknown = await place(
        order([
          { sku: 'SNK-1', quantity: 1 },
          { sku: 'NOPE-1', quantity: 1 },
          { sku: 'LAMP-1', quantity: 1 },
          { productId: 999999, quantity: 1 },
          { sku: 'OLD-1', productId: ids['OLD-1'], quantity: 1 },
        ]),
      );
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error).toEqual({
        code: 'invalid_input',
        message: 'items/1/sku: there is no product with SKU "NOPE-1" (and 3 more)',
        details: [
          { path: '/items/1/sku', message: 'there is no product with SKU "NOPE-1"' },
          { path: '/items/2/sku', message: 'the product with SKU "LAMP-1" is not for sale' },
          { path: '/items/3/productId', message: 'there is no product with id 999999' },
          { path: '/items/4', message: 'must name the product by either sku or productId' },
        ],
      });
      const noItems = await place(order([]));
      expect(noItems.json().error.details[0]).toMatchObject({
        path: '/items',
        message: 'must have at least 1 item(s)',
      });
      const badAddress = await place({ ...order([{ sku: 'SNK-1', quantity: 1 }]), shippingAddress: { name: 'X' } });
      expect(badAddress.json().error.details.map((d: { path: string }) => d.path)).toEqual(
        expect.arrayContaining(['/shippingAddress/line1', '/shippingAddress/city', '/shippingAddress/postalCode']),
      );
      const badEmail = await place(order([{ sku: 'SNK-1', quantity: 1 }], 'not-an-address'));
      expect(badEmail.json().error.details[0]).toMatchObject({
        path: '/customer/email',
        message: 'must be a valid email',
      });
      expect(await count('orders')).toBe(before);
    });

    it('replays a retried request with the same Idempotency-Key; refuses the key with another body', async () => {
      const body = order([{ sku: 'BOOT-1', quantity: 1 }], 'retry@example.com');
      const first = await place(body, { 'idempotency-key': 'checkout-123' });
      expect(first.statusCode).toBe(201);
      const before = await count('orders');
      const again = await place(body, { 'idempotency-key': 'checkout-123' });
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      // Key order in JSON does not matter: the body is hashed in canonical form.
      const reordered = { shippingAddress: address, customer: body.customer, items: body.items };
      expect((await place(reordered, { 'idempotency-key': 'checkout-123' })).statusCode).toBe(200);
      const other = await place(order([{ sku: 'BOOT-1', quantity: 2 }], 'retry@example.com'), {
        'idempotency-key': 'checkout-123',
      });
      expect(other.statusCode).toBe(422);
      expect(other.json().error.code).toBe('idempotency_key_reused');
      expect(await count('orders')).toBe(before);
      const badKey = await place(body, { 'idempotency-key': 'has spaces' });
      expect(badKey.statusCode).toBe(400);
      expect(badKey.json().error.details[0]).toMatchObject({ in: 'headers', path: '/idempotency-key' });
    });

    it('lets the customer read the order with the e-mail address, and nobody else', async () => {
      const placed = (await place(order([{ sku: 'SNK-2', quantity: 1 }], 'Reader@Example.com'))).json();
      const mine = await t.app.inject(`/api/orders/${placed.number}?email=reader@example.com`);
      expect(mine.statusCode).toBe(200);
      expect(mine.json()).toEqual(placed);
      const wrong = await t.app.inject(`/api/orders/${placed.number}?email=someone@example.com`);
      expect(wrong.statusCode).toBe(404);
      const unknown = await t.app.inject('/api/orders/JNE-1999-999999?email=reader@example.com');
      expect(unknown.statusCode).toBe(404);
      expect(wrong.json().error.message).toBe(unknown.json().error.message.replace('JNE-1999-999999', placed.number));
      const noEmail = await t.app.inject(`/api/orders/${placed.number}`);
      expect(noEmail.statusCode).toBe(400);
      expect(noEmail.json().error.details[0].path).toBe('/email');
      expect((await t.app.inject({ url: `/api/orders/${placed.number}`, headers: t.staff })).statusCode).toBe(200);
    });

    it('lists orders for staff by status and date; 401 without a token', async () => {
      const list = await t.app.inject({ url: '/api/orders?limit=2', headers: t.staff });
      expect(list.statusCode).toBe(200);
      const page = list.json();
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThanOrEqual(4);
      expect(page.items[0]).toMatchObject({ status: 'confirmed', itemCount: expect.any(Number) });
      expect(page.items[0].placedAt >= page.items[1].placedAt).toBe(true);
      const byEmail = (await t.app.inject({ url: '/api/orders?email=RETRY@example.com', headers: t.admin })).json();
      expect(byEmail.total).toBe(1);
      const none = (await t.app.inject({ url: '/api/orders?status=shipped', headers: t.admin })).json();
      expect(none).toEqual({ items: [], total: 0 });
      const future = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());
      expect((await t.app.inject({ url: `/api/orders?from=${future}`, headers: t.admin })).json().total).toBe(0);
      const past = encodeURIComponent('2000-01-01T00:00:00Z');
      expect((await t.app.inject({ url: `/api/orders?to=${past}`, headers: t.admin })).json().total).toBe(0);
      const inverted = await t.app.inject({ url: `/api/orders?from=${future}&to=${past}`, headers: t.admin });
      expect(inverted.statusCode).toBe(400);
      expect((await t.app.inject({ url: '/api/orders?from=yesterday', headers: t.admin })).statusCode).toBe(400);
      expect((await t.app.inject('/api/orders')).statusCode).toBe(401);
    });
  });

  describe(`order transaction on ${backend}`, () => {
    it('plans its statements for any lines (generic plans) inside the order only, never for the connection after it', async () => {
      const seen: string[] = [];
      const t = await testApp(backend, {
        orderSteps: [
          async (trx) => {
            const { rows } = await sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode`.execute(
              trx,
            );
            seen.push(rows[0]!.mode);
          },
        ],
      });
      try {
        await smallCatalog(t.database.db);
        const placed = await t.app.inject({
          method: 'POST',
          url: '/api/orders',
          payload: order([{ sku: 'SNK-1', quantity: 1 }]),
        });
        expect(placed.statusCode).toBe(201);
        expect(seen).toEqual(['force_generic_plan']);
        // Every connection of the pool (the embedded database has one session) is back on PostgreSQL's
        // own choice, which the product list's plans depend on.
        const modes = await Promise.all(
          Array.from({ length: 12 }, () =>
            sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode, pg_sleep(0.01)`.execute(
              t.database.db,
            ),
          ),
        );
        expect(new Set(modes.map((m) => m.rows[0]!.mode))).toEqual(new Set(['auto']));
      } finally {
        await t.close();
      }
    });

    it('leaves no half order when a step inside the transaction fails', async () => {
      const t = await testApp(backend, {
        orderSteps: [
          async (_trx, placed) => {
            if (placed.email === 'fail@example.com') throw new Error('routing refused the order');
          },
        ],
      });
      try {
        await smallCatalog(t.database.db);
        const failed = await t.app.inject({
          method: 'POST',
          url: '/api/orders',
          payload: order([{ sku: 'SNK-1', quantity: 1 }], 'fail@example.com'),
        });
        expect(failed.statusCode).toBe(500);
        expect(failed.json()).toEqual({
          error: {
            code: 'internal_error',
            message: `Something went wrong on our side. Quote request id ${failed.headers['x-request-id']} when reporting it.`,
          },
        });
        const db = t.database.db;
        for (const table of ['orders', 'order_items', 'customers'] as const) {
          const n = await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow();
          expect(Number(n.n), table).toBe(0);
        }
        const ok = await t.app.inject({
          method: 'POST',
          url: '/api/orders',
          payload: order([{ sku: 'SNK-1', quantity: 1 }], 'ok@example.com'),
        });
        expect(ok.statusCode).toBe(201);
      } finally {
        await t.close();
      }
    });
  });
}
