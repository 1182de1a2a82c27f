/**
 * The customer's order page in chromium: an order with a supplier's parcel (marked shipped with
 * its tracking) and the shop's own parcel shows its status, each parcel's contents, the carrier
 * and the tracking number as a link to the carrier. Screenshot: test-results/web/order-tracking.png.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/service.js';
import { offer, placeOrder, product, supplier } from '../support/dropship.js';
import { launchChromium, screenshot, startShop, watchForProblems, type Shop } from '../support/shop.js';

describe('order tracking in chromium', () => {
  let shop: Shop;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    [shop, browser] = await Promise.all([startShop(), launchChromium()]);
    context = await browser.newContext({ baseURL: shop.url, viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    problems = watchForProblems(page, { errorResponses: true });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shop?.close();
  });

  it('shows the status and each parcel with its carrier and tracking link, and says when it is delivered', async () => {
    const db = shop.database.db;
    const staff = {
      authorization: `Bearer ${(await createApiToken(db, { name: 'Lena (staff)', role: 'staff' })).token}`,
    };
    const nordic = await supplier(db, 'NORDIC', { method: 'manual' });
    await offer(db, nordic, await product(db, 'LAMP-01', '39.00', '12.00'), '12.00', 40, { sku: 'ND-LAMP' });
    await db.updateTable('products').set({ name: 'Arc Floor Lamp' }).where('sku', '=', 'LAMP-01').execute();
    const placed = await placeOrder(
      shop.app,
      [
        { sku: 'LAMP-01', quantity: 2 },
        { sku: 'JNE-SNK-001', quantity: 1 },
      ],
      'kim@example.com',
    );
    expect(placed.statusCode, placed.body).toBe(201);
    const number = placed.json().number as string;
    const so = await db.selectFrom('supplier_orders').select('id').executeTakeFirstOrThrow();
    const mark = (payload: Record<string, unknown>) =>
      shop.app.inject({ method: 'POST', url: `/api/supplier-orders/${so.id}/mark`, headers: staff, payload });
    expect((await mark({ status: 'submitted', externalReference: 'ND-4471' })).statusCode).toBe(200);
    const shipped = await mark({
      status: 'shipped',
      shipment: {
        carrier: 'DHL Paket',
        trackingNumber: '00340434161234567890',
        trackingUrl:
          'https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161234567890',
        shippedAt: '2026-11-28T14:30:00Z',
      },
    });
    expect(shipped.statusCode, shipped.body).toBe(200);

    await page.goto(`/orders?number=${encodeURIComponent(number)}`);
    await page.getByLabel('E-mail').fill('kim@example.com');
    await page.getByRole('button', { name: 'Find order' }).click();
    await expect.poll(() => page.getByTestId('order-number').innerText()).toBe(number);
    expect(await page.locator('.order__head .status').innerText()).toBe('Partially shipped');
    expect(await page.getByTestId('order-progress').innerText()).toContain('Part of your order is on its way');

    const parcels = page.getByTestId('shipment');
    expect(await parcels.count()).toBe(1);
    expect(await page.getByTestId('shipment-carrier').innerText()).toBe('DHL Paket');
    const link = page.getByTestId('tracking-link');
    expect(await link.innerText()).toBe('00340434161234567890');
    expect(await link.getAttribute('href')).toBe(
      'https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161234567890',
    );
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await parcels.first().innerText()).toContain('2 × Arc Floor Lamp');
    // Nothing of the supplier reaches the customer.
    expect(await page.locator('body').innerText()).not.toMatch(/NORDIC|ND-4471|ND-LAMP/);

    // The own-stock part leaves the warehouse: shipped, two parcels.
    const own = await shop.app.inject({ method: 'POST', url: `/api/orders/${number}/ship-own-stock`, headers: staff });
    expect(own.json()).toMatchObject({ status: 'shipped' });
    await page.getByRole('button', { name: 'Find order' }).click();
    await expect.poll(() => parcels.count()).toBe(2);
    expect(await page.locator('.order__head .status').innerText()).toBe('Shipped');
    expect(await parcels.nth(1).innerText()).toContain('Sent from our warehouse');
    expect(await parcels.nth(1).innerText()).toContain('1 × Runner Pro Sneaker');
    await screenshot(page, 'order-tracking');

    // The supplier reports the delivery, staff confirm the own parcel's: the order says it arrived.
    expect((await mark({ status: 'delivered' })).statusCode).toBe(200);
    const confirmed = await shop.app.inject({
      method: 'POST',
      url: `/api/orders/${number}/confirm-delivery`,
      headers: staff,
    });
    expect(confirmed.json()).toMatchObject({ status: 'delivered' });
    await page.getByRole('button', { name: 'Find order' }).click();
    await expect.poll(() => page.locator('.order__head .status').innerText()).toBe('Delivered');
    expect(await page.getByTestId('order-progress').innerText()).toBe(
      'Delivered: every parcel of this order has arrived.',
    );
    expect(await parcels.count()).toBe(2);
    for (const parcel of await parcels.all()) expect(await parcel.locator('.status').innerText()).toBe('Delivered');
    await screenshot(page, 'order-delivered');
    expect(problems).toEqual([]);
  });
});
