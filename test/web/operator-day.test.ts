/**
 * The operator's day in chromium, end to end on the real app with its job workers and the
 * supplier simulator as the supplier: sign in, connect the supplier, import its catalog with bad
 * rows and read the report, link an item, set a pricing rule and see the price move, count stock,
 * then a customer orders in the storefront, the operator opens the order and reads why it went
 * to the supplier and what it earns, submits the supplier order from the queue and watches the
 * page follow it as the simulator accepts, ships and delivers it (its signed webhooks), and the
 * customer sees the tracking.
 * Every page is screenshotted to test-results/web/operator-*.png; console errors, page errors and
 * failed requests fail the test.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/service.js';
import { loadConfig } from '../../src/config.js';
import { startJobs, type RunningJobs } from '../../src/fulfillment/dispatch/jobs.js';
import { automaticReroute } from '../../src/orders/auto-reroute.js';
import { rollUpOrderStatus } from '../../src/orders/roll-up.js';
import type { RunningSim } from '../../src/supplier-sim/server.js';
import { testDispatchSettings } from '../support/dispatch.js';
import { launchChromium, screenshot, startShop, type Shop } from '../support/shop.js';
import { sim } from '../support/sim.js';

const WEBHOOK_SECRET = 'operator-day-webhook-secret';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe("the operator's day in chromium", () => {
  const secrets = { authSecret: randomBytes(32), credentialsKey: randomBytes(32) };
  let shop: Shop;
  let supplierSim: RunningSim;
  let jobs: RunningJobs;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let supplierId: number;
  let orderNumber: string;
  let supplierOrderId: number;
  const problems: string[] = [];

  beforeAll(async () => {
    [shop, browser] = await Promise.all([startShop({ secrets }), launchChromium()]);
    const db = shop.database.db;
    await createUser(db, { email: 'olga@jne-outlet.test', password: 'correct horse battery', role: 'admin' });
    supplierSim = await sim({
      webhookUrl: `${shop.url}/api/webhooks/suppliers/SIM`,
      webhookSecret: WEBHOOK_SECRET,
      shipAfterSeconds: 1,
    });
    // No scheduled recompute: at a quarter hour it would rate the suppliers in the middle of the
    // day (the candidates then show a rating); the performance page's "Recompute now" runs it.
    const config = {
      ...loadConfig({ PERFORMANCE_RECOMPUTE_CRON: 'off' }),
      databaseUrl: shop.database.url,
      dispatch: testDispatchSettings,
    };
    jobs = await startJobs(
      shop.database,
      config,
      secrets.credentialsKey,
      silent,
      rollUpOrderStatus,
      automaticReroute(undefined),
    );
    context = await browser.newContext({ baseURL: shop.url, viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('requestfailed', (request) => {
      // A query the page no longer needs (it navigated on, or asked again) is aborted by the app.
      if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400)
        problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await jobs?.stop();
    await supplierSim?.close();
    await shop?.close();
  });

  /** Takes the problems an expected refusal left (its response and the console line about it) off the list. */
  const expectRefusal = (status: number, url: RegExp) => {
    const before = problems.length;
    const left = problems.filter(
      (p) => !(p.startsWith(`HTTP ${status}:`) && url.test(p)) && !p.includes(`status of ${status}`),
    );
    expect(left.length).toBeLessThan(before);
    problems.splice(0, problems.length, ...left);
  };
  const shot = (name: string) => screenshot(page, `operator-${name}`);

  it('signs in', async () => {
    await page.goto('/admin');
    await page.getByLabel('E-mail').fill('olga@jne-outlet.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('console-user').count(), { timeout: 20_000 }).toBe(1);
    await shot('signed-in');
  });

  it('creates a supplier pointing at the simulator, with write-only credentials and webhook secret', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Suppliers' }).click();
    await page.getByRole('link', { name: 'New supplier' }).click();
    const form = page.getByTestId('supplier-form');
    await form.getByLabel('Code').fill('SIM');
    await form.getByLabel('Name', { exact: true }).fill('Simulated Supplies');
    await form.getByLabel('Orders go by').selectOption('api');
    await form.getByLabel('API endpoint').fill(`${supplierSim.url}/orders`);
    await form.getByLabel('Handling days').fill('2');
    await form.getByLabel('Fee per order').fill('abc');
    await form.getByTestId('secret-apiCredentials').getByRole('button', { name: 'Set' }).click();
    await form.getByLabel('API credentials: apiKey').fill('sim-api-key');
    await form.getByTestId('secret-webhookSecret').getByRole('button', { name: 'Set' }).click();
    await form.getByLabel('Webhook secret: secret').fill(WEBHOOK_SECRET);
    await page.getByRole('button', { name: 'Create supplier' }).click();
    // The API's field error appears next to the field it names.
    await expect.poll(() => page.getByTestId('field-error-perOrderFee').count()).toBe(1);
    expect(await page.getByTestId('field-error-perOrderFee').innerText()).toContain('decimal');
    expectRefusal(400, /\/api\/suppliers$/);
    await shot('supplier-field-error');

    await form.getByLabel('Fee per order').fill('0.00');
    await page.getByRole('button', { name: 'Create supplier' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/admin\/suppliers\/\d+$/);
    supplierId = Number(page.url().split('/').pop());
    await expect.poll(() => page.getByTestId('secret-webhookSecret').innerText()).toContain('set');
    // Never shown back: the page holds no secret.
    expect(await page.locator('body').innerText()).not.toContain(WEBHOOK_SECRET);
    expect(await page.locator('body').innerText()).not.toContain('sim-api-key');
    await shot('supplier-created');
  });

  it('tries the column mapping on a sample of the feed', async () => {
    const sample = await (await fetch(`${supplierSim.url}/catalog.csv`)).text();
    await page
      .getByLabel('Try the mapping on a sample feed')
      .setInputFiles({ name: 'sample.csv', mimeType: 'text/csv', buffer: Buffer.from(sample) });
    const preview = page.getByTestId('mapping-preview');
    await expect.poll(() => preview.getByRole('row').count()).toBe(11);
    expect(await preview.innerText()).toContain('SIM-0001');
    expect(await preview.locator('.line-error').count()).toBe(0);
    await shot('mapping-preview');
  });

  it('uploads the catalog with bad rows and reads the report', async () => {
    const feed =
      (await (await fetch(`${supplierSim.url}/catalog.csv`)).text()) +
      'SIM-BAD1,Broken cost,4000000009999,abc,5\n' +
      ',No SKU,,3.00,1\n';
    await page.goto(`/admin/catalog-imports?supplier=${supplierId}`);
    await page
      .getByLabel('Feed file (CSV or JSON)')
      .setInputFiles({ name: 'sim-catalog.csv', mimeType: 'text/csv', buffer: Buffer.from(feed) });
    await page.getByRole('button', { name: 'Import feed' }).click();
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.count(), { timeout: 20_000 }).toBe(1);
    const figures = await report.getByTestId('import-figures').innerText();
    expect(figures).toMatch(/Inserted\s+20/);
    expect(figures).toMatch(/Rejected\s+2/);
    const rejections = report.getByTestId('rejections');
    expect(await rejections.getByRole('row').count()).toBe(3);
    expect(await rejections.getByRole('row').nth(1).innerText()).toMatch(/22\s+cost_price/);
    expect(await rejections.getByRole('row').nth(2).innerText()).toMatch(/23\s+supplier_sku: missing/);
    await expect.poll(() => page.getByTestId('import-history').getByRole('row').count()).toBe(2);
    await shot('catalog-import-report');

    // The history keeps the report: the stored rejected rows of the import.
    await page.getByRole('link', { name: /Report of import/ }).click();
    await expect.poll(() => page.getByTestId('import-detail').getByTestId('rejections').count()).toBe(1);
    await shot('catalog-import-history');
  });

  it('is refused by the guard for a feed that would empty the catalog, and imports it when forced', async () => {
    const feed = 'supplier_sku,name,gtin,cost_price,stock_quantity\nSIM-0001,Simulated item 1,4000000000001,12.37,13\n';
    await page
      .getByLabel('Feed file (CSV or JSON)')
      .setInputFiles({ name: 'short-feed.csv', mimeType: 'text/csv', buffer: Buffer.from(feed) });
    await page.getByRole('button', { name: 'Import feed' }).click();
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.innerText(), { timeout: 20_000 }).toContain('Refused by the guard');
    expectRefusal(409, /catalog-imports/);
    await shot('catalog-import-refused');
    await report.getByRole('button', { name: 'Import anyway (force)' }).click();
    await page
      .getByRole('dialog', { name: 'Import this feed anyway?' })
      .getByRole('button', { name: 'Import anyway' })
      .click();
    await expect.poll(() => report.innerText(), { timeout: 20_000 }).toContain('Imported (full) · forced');
    expect(await report.getByTestId('import-figures').innerText()).toMatch(/Marked unavailable\s+19/);
    await expect.poll(() => page.getByTestId('import-history').getByRole('row').count()).toBe(4);
    await shot('catalog-import-forced');
  });

  it('links an unlinked item to a product by hand', async () => {
    const unlinked = page.getByTestId('unlinked-items');
    const form = unlinked.getByRole('form', { name: 'Link SIM-0001' });
    await form.getByLabel('Product SKU for SIM-0001').fill('JNE-JKT-002');
    await form.getByRole('button', { name: 'Link' }).click();
    await expect.poll(() => unlinked.getByRole('form', { name: 'Link SIM-0001' }).count()).toBe(0);
    expect(await unlinked.innerText()).toContain('SIM-0002');
    await shot('unlinked-items');

    await page.goto(`/admin/suppliers/${supplierId}?tab=catalog&q=SIM-0001`);
    const catalog = page.getByTestId('supplier-catalog');
    await expect.poll(() => catalog.getByRole('row').count()).toBe(2);
    expect(await catalog.innerText()).toContain('JNE-JKT-002');
    await shot('supplier-catalog');

    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Suppliers' }).click();
    const suppliers = page.getByTestId('admin-suppliers');
    await expect.poll(() => suppliers.getByRole('row', { name: /Simulated Supplies/ }).count()).toBe(1);
    await shot('suppliers');
  });

  it('shows the product with its cost basis, margin and stock per source', async () => {
    await page.goto('/admin/products?q=JNE-JKT-002');
    const row = page.getByTestId('admin-products').getByRole('row', { name: /JNE-JKT-002/ });
    await expect.poll(() => row.innerText()).toContain('supplier SIM');
    expect(await row.innerText()).toContain('SIM: 13');
    await page.getByTestId('categories').locator('summary').click();
    const newCategory = page.getByRole('form', { name: 'New category' });
    await newCategory.getByLabel('New category').fill('Rain gear');
    await newCategory.getByRole('button', { name: 'Add category' }).click();
    await expect.poll(() => page.getByTestId('categories').innerText()).toContain('Rain gear (0 active products)');
    await shot('products');
    await row.getByRole('link', { name: 'JNE-JKT-002' }).click();
    await expect.poll(() => page.getByTestId('pricing-explanation').count()).toBe(1);
    expect(await page.getByTestId('pricing-explanation').innerText()).toContain('12.3700');
    await shot('product');
  });

  it('sets a pricing rule with its live preview and what changes, and the price moves', async () => {
    await page.goto('/admin/pricing');
    await page.getByRole('link', { name: 'New rule' }).click();
    const editor = page.getByTestId('rule-editor');
    await editor.getByLabel('Name').fill('SIM markup');
    await editor.getByLabel('Applies to').selectOption('supplier');
    await editor.getByLabel('Supplier').selectOption({ label: 'SIM · Simulated Supplies' });
    await editor.getByLabel('Priority').fill('1');
    await editor.getByLabel('Markup value').fill('150');
    await editor.getByLabel('Round up to').selectOption('0.99');
    await editor.getByLabel('A cost of').fill('12.37');
    await expect.poll(() => page.getByTestId('preview-rule').innerText(), { timeout: 10_000 }).toBe('SIM markup');
    // The preview shows the last answer until the one for the settled form comes.
    await expect.poll(() => page.getByTestId('preview-price').innerText()).toBe('30.99');
    await expect.poll(() => page.getByTestId('impact-moved').innerText()).toBe('1');
    await shot('pricing-editor');
    await page.getByRole('button', { name: 'Create rule and reprice' }).click();
    await expect.poll(() => page.getByTestId('pricing-message').innerText()).toBe('Rule created: 1 price changed.');
    await shot('pricing-rules');

    await page.goto('/admin/products?q=JNE-JKT-002');
    const row = page.getByTestId('admin-products').getByRole('row', { name: /JNE-JKT-002/ });
    await expect.poll(() => row.innerText()).toContain('€30.99');
  });

  it('adjusts own stock with a reason and shows the audit trail', async () => {
    await page.goto('/admin/stock?sku=JNE-SNK-001');
    await page.getByRole('link', { name: 'Change stock of JNE-SNK-001 at MAIN' }).click();
    const panel = page.getByTestId('stock-panel');
    const adjust = panel.getByRole('form', { name: 'Adjust the units' });
    await adjust.getByLabel('Units to add (negative: remove)').fill('5');
    await adjust.getByLabel('Reason').selectOption('received');
    await adjust.getByLabel('Note').fill('delivery note 4471');
    await adjust.getByRole('button', { name: 'Adjust stock' }).click();
    await expect.poll(() => panel.getByTestId('audit-trail').innerText()).toContain('delivery note 4471');
    expect(await panel.getByTestId('audit-trail').innerText()).toMatch(/received\s+\+5\s+12 → 17/);
    await shot('stock');
  });

  it('a customer orders the linked product in the storefront, and it routes to the supplier', async () => {
    await page.goto('/p/rain-shell-jacket');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => page.getByTestId('cart-count').innerText()).toBe('1');
    await page.goto('/checkout');
    await page.getByLabel('E-mail').fill('kim@example.com');
    await page.getByLabel('Full name').fill('Kim Berger');
    await page.getByLabel('Street and number').fill('Lindenstraße 3');
    await page.getByLabel('Postal code').fill('10969');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Country').selectOption('DE');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => page.getByTestId('order-confirmation').count(), { timeout: 20_000 }).toBe(1);
    orderNumber = await page.getByTestId('order-number').innerText();
    await shot('storefront-order');

    // The operator opens the order from the console's list and reads why it went to SIM.
    await page.goto('/admin/orders');
    const row = page.getByTestId('admin-orders').getByRole('row', { name: new RegExp(orderNumber) });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await shot('orders');
    await row.getByRole('link', { name: orderNumber }).click();
    await expect.poll(() => page.getByTestId('order-status').innerText(), { timeout: 15_000 }).toBe('Confirmed');
    expect(page.url()).toMatch(new RegExp(`/admin/orders/${orderNumber}$`));
    const line = page.getByTestId('line-JNE-JKT-002');
    await expect.poll(() => line.getByTestId('candidate').count()).toBe(1);
    const sources = await line.getByRole('list', { name: 'Sources of JNE-JKT-002' }).innerText();
    expect(sources).toMatch(
      /^1 from SIM \(supplier\): ordered from the supplier at €12\.37 a unit · supplier order \d+$/,
    );
    supplierOrderId = Number(sources.split(' ').pop());
    expect(await line.innerText()).toContain('Best supplier: supplier SIM: the only source that can fill the line');
    const winner = line.getByRole('table', { name: 'Candidates' }).getByRole('row', { name: /^SIM/ });
    expect(await winner.innerText()).toMatch(/^SIM\s+supplier\s+13\s+€12\.37\s+€12\.37\s+2\s+—\s+kept\s+won$/);
    await expect.poll(() => line.getByTestId('line-profit').count()).toBe(1);
    expect(await line.getByTestId('line-profit').innerText()).toBe(
      'Profit: revenue €30.99 · cost €12.37 · fee share €0.00 · shipping share €0.00 · margin €18.62 (60.08%)',
    );
    const card = page.getByRole('article', { name: `Supplier order ${supplierOrderId}` });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByRole('heading').innerText()).toBe(
      `Supplier order ${supplierOrderId} · Simulated Supplies (SIM)`,
    );
    expect(await card.getByTestId('so-status').innerText()).toBe('Pending');
    await shot('order-detail');
  });

  it('submits the supplier order; the simulator accepts, ships and delivers it by its signed webhooks', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Supplier orders' }).click();
    await page
      .getByRole('group', { name: 'Filter supplier orders' })
      .getByLabel('Supplier')
      .selectOption({ label: 'Simulated Supplies (SIM)' });
    await expect.poll(() => page.url()).toContain(`supplierId=${supplierId}`);
    const queue = page.getByTestId('supplier-orders');
    await expect.poll(() => queue.locator('tbody tr').count(), { timeout: 15_000 }).toBe(1);
    const row = queue.getByRole('row', { name: new RegExp(orderNumber) });
    expect(await row.innerText()).toMatch(
      new RegExp(`^#${supplierOrderId}\\s+${orderNumber}\\s+Simulated Supplies \\(SIM\\)\\s+Pending\\s+api\\s`),
    );
    await shot('supplier-orders');

    await row.getByRole('link', { name: `#${supplierOrderId}` }).click();
    const card = page.getByRole('article', { name: `Supplier order ${supplierOrderId}` });
    await expect.poll(() => card.getByTestId('so-status').innerText(), { timeout: 15_000 }).toBe('Pending');
    await card.getByRole('button', { name: 'Submit', exact: true }).click();
    // The workers send it and the simulator's webhooks move it on: the page follows without a reload.
    await expect.poll(() => card.getByTestId('so-status').innerText(), { timeout: 60_000 }).toBe('Delivered');
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toMatch(/\sDelivered\s.*SIM Parcel SIM\d+$/);
    expect(await card.getByTestId('so-tracking').innerText()).toMatch(/^SIM Parcel SIM\d+$/);
    // The worker records the sending, the simulator's webhooks the rest (its acceptance may come first).
    const history = card.getByRole('table', { name: `History of supplier order ${supplierOrderId}` });
    await expect.poll(() => history.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    const changes = await history.locator('tbody td:nth-child(2)').allInnerTexts();
    for (const status of ['Submitted', 'Acknowledged', 'Shipped', 'Delivered']) {
      expect(changes).toContainEqual(expect.stringMatching(new RegExp(`→ ${status}`)));
    }
    expect(changes.slice(-2)).toEqual(['Acknowledged → Shipped', 'Shipped → Delivered']);
    await shot('supplier-order');
  });

  it('the customer sees the parcel with its carrier and tracking on the order page', async () => {
    await page.goto(`/orders?number=${encodeURIComponent(orderNumber)}`);
    await page.getByLabel('E-mail').fill('kim@example.com');
    await page.getByRole('button', { name: 'Find order' }).click();
    await expect.poll(() => page.getByTestId('order-number').innerText()).toBe(orderNumber);
    expect(await page.locator('.order__head .status').innerText()).toBe('Delivered');
    expect(await page.getByTestId('shipment').count()).toBe(1);
    expect(await page.getByTestId('tracking-link').innerText()).not.toBe('');
    expect(await page.locator('body').innerText()).not.toMatch(/SIM-0001|Simulated Supplies/);
    await shot('customer-tracking');
  });

  it('watches supplier performance side by side and per week', async () => {
    await page.goto('/admin/performance');
    await page.getByRole('button', { name: 'Recompute now' }).click();
    const table = page.getByTestId('performance-table');
    await expect.poll(() => table.getByRole('row', { name: /SIM/ }).count(), { timeout: 15_000 }).toBe(1);
    expect(await table.getByRole('row', { name: /SIM/ }).innerText()).toMatch(/SIM\s+\S+ \/ 5/);
    await expect.poll(() => page.locator('.week-chart canvas').count(), { timeout: 15_000 }).toBe(2);
    await shot('performance');

    await page.goto(`/admin/suppliers/${supplierId}?tab=performance`);
    await expect.poll(() => page.getByTestId('performance-figures').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('performance-figures').innerText()).toMatch(/Orders sent\s+1/);
    await expect.poll(() => page.locator('.week-chart canvas').count()).toBe(2);
    await shot('supplier-performance');
  });

  it('shows staff the same pages without the admin-only actions', async () => {
    await createUser(shop.database.db, {
      email: 'sam@jne-outlet.test',
      password: 'staff horse battery',
      role: 'staff',
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('E-mail').fill('sam@jne-outlet.test');
    await page.getByLabel('Password').fill('staff horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('console-user').innerText(), { timeout: 20_000 }).toContain('sam@');

    await page.goto('/admin/suppliers');
    await expect.poll(() => page.getByTestId('admin-suppliers').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'New supplier' }).count()).toBe(0);
    await page.goto(`/admin/suppliers/${supplierId}`);
    await expect.poll(() => page.getByTestId('supplier-form').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Archive' }).count()).toBe(0);
    expect(await page.getByLabel('API endpoint').isDisabled()).toBe(true);
    await page.goto(`/admin/catalog-imports?supplier=${supplierId}`);
    await expect.poll(() => page.getByTestId('unlinked-table').count()).toBe(1);
    expect(await page.getByTestId('upload-feed').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Link' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create draft products' }).count()).toBe(0);
    await page.goto('/admin/pricing');
    await expect.poll(() => page.getByTestId('pricing-rules').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'New rule' }).count()).toBe(0);
    await shot('staff-pricing');
  });

  it('had no console errors, page errors or failed requests', () => {
    expect(problems).toEqual([]);
  });
});
