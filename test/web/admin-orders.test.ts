/**
 * The console's order pages in a real browser against the real app, with the supplier simulator
 * as a real supplier and the dispatch workers running: orders routed to own stock and to the
 * simulator, the order page (lines, routing decisions with their candidates, reservations, supplier
 * orders, profit), submitting a supplier order, marking it shipped with tracking in two parcels (a
 * field error first), shipping own stock, cancelling an order after its confirmation, the supplier
 * order queue (a manual supplier's purchase order, marked submitted, a tracking file with its
 * report), a line re-routed after its supplier rejected it, and an order that does not exist.
 * Screenshots of every state go to test-results/web/.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type PgBoss from 'pg-boss';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/service.js';
import { startDispatchWorkers, type DispatchWorkers } from '../../src/fulfillment/dispatch/worker.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { connectToSim, jobQueue, testDispatchSettings } from '../support/dispatch.js';
import { offer, placeOrder, product, supplier } from '../support/dropship.js';
import { launchChromium, screenshot, startShop, type Shop } from '../support/shop.js';
import { script, sim, simState } from '../support/sim.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe('console order pages in chromium', () => {
  let shop: Shop;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let simulator: RunningSim;
  let boss: PgBoss;
  let workers: DispatchWorkers;
  const problems: string[] = [];
  /** Answers the test asks for on purpose (a field error): not problems. */
  const expectedRefusals: RegExp[] = [/\/api\/supplier-orders\/\d+\/mark$/, /\/api\/orders\/JNE-2026-999999(\/|$)/];
  const orders = { mixed: '', own: '', manual: '' };

  beforeAll(async () => {
    [shop, browser, simulator] = await Promise.all([startShop(), launchChromium(), sim()]);
    const db = shop.database.db;
    await createUser(db, { email: 'staff@jne-outlet.test', password: 'correct horse battery', role: 'staff' });
    const simco = await supplier(db, 'SIMCO');
    await db.updateTable('suppliers').set({ name: 'Sim Supplies GmbH' }).where('id', '=', simco).execute();
    await connectToSim(db, randomBytes(32), simco, simulator.url);
    const drill = await product(db, 'DS-DRILL', '49.00', null);
    await offer(db, simco, drill, '20.00', 40, { sku: 'SIM-0001' });
    // A dearer second supplier: the decision shows why it lost.
    await offer(db, await supplier(db, 'DEARCO'), drill, '26.00', 40, { sku: 'DC-DRILL' });
    const hand = await supplier(db, 'HANDCO', { method: 'manual' });
    await db.updateTable('suppliers').set({ name: 'Hand & Co' }).where('id', '=', hand).execute();
    await offer(db, hand, await product(db, 'HAND-LAMP', '35.00', null), '12.50', 10, { sku: 'HC-LAMP' });

    const place = async (items: { sku: string; quantity: number }[], email: string) => {
      const res = await placeOrder(shop.app, items, email);
      if (res.statusCode !== 201) throw new Error(`order refused: ${res.body}`);
      return res.json().number as string;
    };
    orders.mixed = await place(
      [
        { sku: 'JNE-SNK-001', quantity: 1 },
        { sku: 'DS-DRILL', quantity: 2 },
      ],
      'mia.mixed@example.com',
    );
    orders.own = await place([{ sku: 'JNE-BOT-001', quantity: 1 }], 'otto.own@example.com');
    orders.manual = await place([{ sku: 'HAND-LAMP', quantity: 2 }], 'hanna.hand@example.com');

    boss = await jobQueue(shop.database);
    workers = await startDispatchWorkers(
      boss,
      { db, credentialsKey: randomBytes(32), settings: testDispatchSettings, syncOrder: rollUpOrderStatus },
      { workers: 1, pollSeconds: 1, log: silent },
    );

    context = await browser.newContext({
      baseURL: shop.url,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A refused request the test asks for logs a failed-resource line; the response check names it.
      if (
        message.type() === 'error' &&
        !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
      ) {
        problems.push(`console: ${message.text()}`);
      }
    });
    page.on('requestfailed', (request) => {
      // A query the page no longer needs (it navigated on, or asked again) is aborted by the app.
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${request.url()}`);
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (response.status() >= 400 && !expectedRefusals.some((r) => r.test(url.pathname))) {
        problems.push(`HTTP ${response.status()}: ${response.request().method()} ${url.pathname}`);
      }
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await workers?.stop();
    await boss?.stop({ graceful: false, wait: true, timeout: 2000 });
    await simulator?.close();
    await shop?.close();
  });

  const ordersTable = () => page.getByTestId('admin-orders');
  const rowsOf = async () => (await ordersTable().locator('tbody tr').allInnerTexts()).map((r) => r.split('\t')[0]);
  const confirm = async (button: string, dialogButton: string, shot: string) => {
    await page.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await screenshot(page, shot);
    await dialog.getByRole('button', { name: dialogButton, exact: true }).click();
  };

  it('signs in and lists the orders, filtered by supplier and customer, sorted, all in the URL', async () => {
    await page.goto('/admin/orders');
    await page.waitForURL(/\/admin\/login/);
    await page.getByLabel('E-mail').fill('staff@jne-outlet.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => ordersTable().count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(rowsOf).toEqual([orders.manual, orders.own, orders.mixed]);
    await screenshot(page, 'admin-orders-list');

    await page.getByLabel('Supplier').selectOption({ label: 'Sim Supplies GmbH (SIMCO)' });
    await page.waitForURL(/supplierId=\d+/);
    await expect.poll(rowsOf).toEqual([orders.mixed]);
    await page.reload();
    await expect.poll(rowsOf).toEqual([orders.mixed]);
    await screenshot(page, 'admin-orders-by-supplier');
    await page.getByLabel('Supplier').selectOption('');

    await page.getByLabel('Customer').fill('OTTO');
    await page.getByLabel('Customer').press('Enter');
    await page.waitForURL(/customer=OTTO/);
    await expect.poll(rowsOf).toEqual([orders.own]);
    await page.getByLabel('Customer').fill('');
    await page.getByLabel('Customer').press('Enter');
    await expect.poll(rowsOf).toHaveLength(3);

    await page.getByRole('button', { name: /^Total/ }).click();
    await page.waitForURL(/sort=total/);
    // Totals: 59.99 + 2 x 49.00 (mixed), 79.00 (own), 2 x 35.00 + shipping (manual).
    await expect.poll(rowsOf).toEqual([orders.manual, orders.own, orders.mixed]);
    await page.getByRole('button', { name: /^Total/ }).click();
    await page.waitForURL(/dir=desc/);
    await expect.poll(rowsOf).toEqual([orders.mixed, orders.own, orders.manual]);
    await screenshot(page, 'admin-orders-sorted');
  });

  it('opens an order: lines, the routing decision with its candidates, reservations, the supplier order', async () => {
    await page.getByRole('link', { name: orders.mixed }).click();
    await page.waitForURL(new RegExp(`/admin/orders/${orders.mixed}$`));
    const drill = page.getByTestId('line-DS-DRILL');
    await expect.poll(() => drill.count(), { timeout: 15_000 }).toBe(1);
    expect(await drill.innerText()).toContain('Best supplier');
    const candidate = (source: string) =>
      drill.getByTestId('candidate').filter({ has: page.getByRole('cell', { name: source, exact: true }) });
    const winner = candidate('SIMCO');
    expect(await winner.innerText()).toContain('won');
    const loser = candidate('DEARCO');
    expect(await loser.innerText()).toContain('dearer (52.00 vs 40.00) than SIMCO');
    // 2 x 49.00 sold, 2 x 20.00 bought: 58.00 earned; the sneaker's own cost is not known.
    await expect.poll(() => drill.getByTestId('line-profit').innerText()).toContain('margin €58.00');
    const sneaker = page.getByTestId('line-JNE-SNK-001');
    expect(await sneaker.getByTestId('line-profit').innerText()).toContain('margin unknown');
    expect(await sneaker.innerText()).toContain('Own stock first');
    expect(await sneaker.innerText()).toContain('reserved in stock');
    expect(await page.getByTestId('reservations').innerText()).toMatch(/JNE-SNK-001\s+MAIN.*\s+1\s+reserved/);
    const card = page.locator('[data-testid^=supplier-order-]');
    expect(await card.count()).toBe(1);
    expect(await card.innerText()).toContain('Pending');
    await screenshot(page, 'admin-order-routed');
  });

  it('submits the supplier order: the simulator takes it and the page follows it to submitted', async () => {
    const card = page.locator('[data-testid^=supplier-order-]');
    await card.getByRole('button', { name: 'Submit', exact: true }).click();
    // The page says the order is queued, until the worker has sent it: a worker that sends it before
    // the page shows the answer leaves the new status instead (the notice is then old news).
    const queuedOrGone = async () => {
      const notice = card.getByTestId('action-result');
      if ((await notice.count()) > 0) return notice.innerText();
      return `status ${await card.locator('.so-card__head .status').innerText()}`;
    };
    await expect.poll(queuedOrGone).toMatch(/queued to be sent now|^status Submitted$/);
    await expect.poll(() => card.locator('.so-card__head .status').innerText(), { timeout: 20_000 }).toBe('Submitted');
    const state = await simState(simulator);
    expect(state.orders.map((o) => o.status)).toEqual(['accepted']);
    // The history is read again once the status has changed: it may still be loading here.
    await expect.poll(() => card.innerText()).toContain('Pending → Submitted');
    await screenshot(page, 'admin-order-submitted');
  });

  it('marks the supplier order shipped in two parcels with tracking; a missing carrier is named by its field', async () => {
    const card = page.locator('[data-testid^=supplier-order-]');
    await card.getByRole('button', { name: 'Mark shipped…' }).click();
    await card.getByLabel('Tracking number').fill('JD014600003SE');
    await card.getByRole('button', { name: 'Mark shipped', exact: true }).click();
    const carrierError = card.getByTestId('field-error-shipment.carrier');
    await expect.poll(() => carrierError.count()).toBe(1);
    await screenshot(page, 'admin-order-mark-shipped-error');
    await card.getByLabel('Carrier').fill('DHL');
    await card.getByLabel('Tracking link (optional)').fill('https://track.example/JD014600003SE');
    // One of the two units in this parcel: partially shipped.
    await card.getByLabel('Units of SIM-0001 in this parcel (of 2)').fill('1');
    await card.getByRole('button', { name: 'Mark shipped', exact: true }).click();
    await expect.poll(() => card.getByTestId('action-result').innerText()).toContain('to partially_shipped');
    await expect.poll(() => card.locator('.so-card__head .status').innerText()).toBe('Partially shipped');
    await expect.poll(() => page.getByTestId('shipment').count()).toBe(1);

    await card.getByRole('button', { name: 'Mark shipped…' }).click();
    await card.getByLabel('Carrier').fill('DHL');
    await card.getByLabel('Tracking number').fill('JD014600004SE');
    expect(await card.getByLabel('Units of SIM-0001 in this parcel (of 1)').inputValue()).toBe('1');
    await card.getByRole('button', { name: 'Mark shipped', exact: true }).click();
    await expect.poll(() => card.getByTestId('action-result').innerText()).toContain('to shipped');
    await expect.poll(() => card.getByTestId('so-tracking').innerText()).toBe('DHL JD014600004SE');
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Partially shipped');
    await expect.poll(() => page.getByTestId('shipment').count()).toBe(2);
    await screenshot(page, 'admin-order-supplier-shipped');
  });

  it('ships the own stock after the confirmation: the order is shipped', async () => {
    await confirm('Ship own stock (1)', 'Ship own stock', 'admin-order-ship-confirm');
    await expect
      .poll(() => page.getByTestId('order-action-result').innerText())
      .toContain('1 unit(s) left the warehouse');
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Shipped');
    expect(await page.getByTestId('reservations').innerText()).toContain('shipped');
    await screenshot(page, 'admin-order-shipped');
  });

  it('cancels another order after the confirmation: its reservation is released', async () => {
    await page.goto(`/admin/orders/${orders.own}`);
    await expect.poll(() => page.getByTestId('order-status').innerText(), { timeout: 15_000 }).toBe('Confirmed');
    await confirm('Cancel order', 'Cancel order', 'admin-order-cancel-confirm');
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('Cancelled');
    expect(await page.getByTestId('order-action-result').innerText()).toContain('1 reserved unit(s) released');
    expect(await page.getByTestId('reservations').innerText()).toContain('released');
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await screenshot(page, 'admin-order-cancelled');
  });

  it('works the queue: a manual supplier order by its purchase order, marked submitted, tracked by file', async () => {
    await page.getByRole('link', { name: 'Supplier orders' }).click();
    await page.waitForURL(/\/admin\/supplier-orders/);
    const queue = page.getByTestId('supplier-orders');
    await expect.poll(() => queue.locator('tbody tr').count(), { timeout: 15_000 }).toBe(2);
    await screenshot(page, 'admin-supplier-orders');

    await page.getByRole('button', { name: 'Hand & Co: 1 Pending' }).click();
    await page.waitForURL(/status=pending/);
    await expect.poll(() => queue.locator('tbody tr').count()).toBe(1);
    await queue.getByRole('link', { name: /^#\d+$/ }).click();
    await page.waitForURL(/open=\d+/);
    const card = page.locator('[data-testid^=supplier-order-]');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain('takes orders by hand');

    const download = page.waitForEvent('download');
    await card.getByRole('button', { name: 'Purchase order (CSV)' }).click();
    const file = await (await download).path();
    const csv = await readFile(file, 'utf8');
    expect(csv).toContain('HC-LAMP');
    expect((await download).suggestedFilename()).toMatch(/^PO-.+\.csv$/);

    await card.getByRole('button', { name: 'Mark submitted…' }).click();
    await card.getByLabel("Supplier's order number (optional)").fill('HC-7781');
    await card.getByRole('button', { name: 'Mark submitted', exact: true }).click();
    await expect.poll(() => card.getByTestId('action-result').innerText()).toContain('to submitted');
    await screenshot(page, 'admin-supplier-order-manual-submitted');

    const reference = (await card.locator('code').first().innerText()).trim();
    const tracking =
      'reference,carrier,tracking_number,tracking_url,shipped_at,lines\n' +
      `${reference},GLS,GLS-555,https://gls.example/t/GLS-555,,\n` +
      'NO-SUCH-REF,GLS,GLS-556,,,\n';
    await page.getByLabel('Supplier', { exact: true }).last().selectOption({ label: 'Hand & Co (HANDCO)' });
    await page
      .getByLabel('Tracking file', { exact: true })
      .setInputFiles({ name: 'tracking.csv', mimeType: 'text/csv', buffer: Buffer.from(tracking) });
    await page.getByRole('button', { name: 'Upload' }).click();
    const report = page.getByTestId('tracking-report');
    await expect.poll(() => report.count(), { timeout: 15_000 }).toBe(1);
    expect(await report.innerText()).toContain('2 row(s) read · 1 applied · 0 unchanged · 1 rejected');
    expect(await report.getByRole('row', { name: /NO-SUCH-REF/ }).innerText()).toMatch(/^3\s/);
    await expect.poll(() => card.locator('.so-card__head .status').innerText()).toBe('Shipped');
    await screenshot(page, 'admin-supplier-orders-tracking');
  });

  it('re-routes a line whose supplier rejected it: the next best supplier gets it', async () => {
    await script(simulator, [{ status: 422, body: { error: 'SIM-0001 is discontinued' } }]);
    const placed = await placeOrder(shop.app, [{ sku: 'DS-DRILL', quantity: 1 }], 'rita.reroute@example.com');
    expect(placed.statusCode).toBe(201);
    const number = placed.json().number as string;
    await page.goto(`/admin/orders/${number}`);
    const card = page.locator('[data-testid^=supplier-order-]');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await card.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect.poll(() => card.locator('.so-card__head .status').innerText(), { timeout: 20_000 }).toBe('Rejected');
    expect(await card.innerText()).toContain('SIM-0001 is discontinued');
    await screenshot(page, 'admin-order-rejected');

    await confirm('Re-route DS-DRILL', 'Re-route', 'admin-order-reroute-confirm');
    const line = page.getByTestId('line-DS-DRILL');
    await expect.poll(() => card.count()).toBe(2);
    await expect.poll(() => line.innerText()).toContain('1 from DEARCO (supplier): ordered from the supplier');
    expect(await line.innerText()).toContain('1 from SIMCO (supplier): re-routed elsewhere');
    expect(await line.innerText()).toContain('Re-routed from supplier order');
    await screenshot(page, 'admin-order-rerouted');
  });

  it('says plainly when an order does not exist', async () => {
    await page.goto('/admin/orders/JNE-2026-999999');
    await expect.poll(() => page.getByTestId('error').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('error').innerText()).toContain('Not found');
    await screenshot(page, 'admin-order-not-found');
  });

  it('had no errors, failed requests or unexpected refusals in the browser', () => {
    expect(problems).toEqual([]);
  });
});
