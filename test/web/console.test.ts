/**
 * The console's own pages in chromium: the login with a deep link, the dashboard, the alerts with
 * acknowledge and URL filters, the database page for admins, and what staff do not see. The data is
 * written straight into the tables; the pages read it through the API.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/service.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { launchChromium, screenshot, startShop, watchForProblems, type Shop } from '../support/shop.js';

describe('console in chromium', () => {
  let shop: Shop;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];
  const apiCalls: string[] = [];

  beforeAll(async () => {
    [shop, browser] = await Promise.all([startShop(), launchChromium()]);
    const db = shop.database.db;
    await createUser(db, { email: 'admin@jne-outlet.test', password: 'correct horse battery', role: 'admin' });
    await createUser(db, { email: 'staff@jne-outlet.test', password: 'staple battery horse', role: 'staff' });
    const supplier = await sql<{ id: number }>`
      insert into suppliers (code, name, email, status) values ('ACME', 'Acme Sports GmbH', 'orders@acme.example', 'active')
      returning id`.execute(db);
    const supplierId = supplier.rows[0]!.id;
    await sql`insert into orders (order_number, email, status, subtotal, shipping_total, total, shipping_address)
              values ('JNE-2026-000201', 'erika@example.com', 'pending', '59.99', '4.95', '64.94',
                      '{"name": "Erika Mustermann", "line1": "Hauptstraße 5", "city": "Berlin", "postalCode": "10115", "country": "DE"}')`.execute(
      db,
    );
    await sql`insert into alerts (rule, subject, supplier_id, message)
              values ('stale_feed', ${`supplier:${supplierId}`}, ${supplierId}, 'The ACME feed is 30 hours old')`.execute(
      db,
    );
    await sql`insert into alerts (rule, subject, supplier_id, message, first_seen_at, resolved_at)
              values ('rating_under_floor', ${`supplier:${supplierId}`}, ${supplierId}, 'ACME rated 1.8',
                      now() - interval '3 days', now() - interval '1 day')`.execute(db);
    await sql`insert into catalog_imports (supplier_id, source, format, status, rows_read, inserted, updated, rejected, finished_at)
              values (${supplierId}, 'acme.csv', 'csv', 'completed', 40, 30, 6, 4, now())`.execute(db);
    // 3 Court Classic sneakers left, 5 is the threshold: low stock.
    await sql`update fulfillment_inventory set low_stock_threshold = 5
               where product_id = (select id from products where sku = 'JNE-SNK-002')`.execute(db);
    context = await browser.newContext({ baseURL: shop.url, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    problems = watchForProblems(page, { errorResponses: true });
    page.on('request', (request) => {
      if (request.url().includes('/api/')) apiCalls.push(new URL(request.url()).pathname);
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shop?.close();
  });

  const nav = () => page.getByRole('navigation', { name: 'Back office' });
  const signIn = async (email: string, password: string) => {
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('shows the API’s field error next to the field it names', async () => {
    await page.goto('/admin/login');
    const before = problems.length;
    await signIn('staff@jne-outlet.test', 'x'.repeat(1025));
    const error = page.getByTestId('field-error-password');
    await expect.poll(() => error.count(), { timeout: 15_000 }).toBe(1);
    expect(await error.innerText()).toMatch(/1024/);
    expect(await page.getByTestId('error').innerText()).toContain('Please correct the marked fields.');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).toBe('false');
    await screenshot(page, 'console-login-field-error');
    // The refused sign-in (400) is what this test provokes.
    for (const p of problems.splice(before)) expect(p).toMatch(/400/);
  });

  it('sends a deep link through the login and back', async () => {
    await page.goto('/admin/alerts?state=all');
    await page.waitForURL(/\/admin\/login\?redirect=/);
    await screenshot(page, 'console-login');
    await signIn('staff@jne-outlet.test', 'staple battery horse');
    // Sign-in hashes the password with argon2: seconds on a loaded machine.
    await page.waitForURL(/\/admin\/alerts\?state=all$/, { timeout: 15_000 });
    await expect.poll(() => page.getByTestId('alerts').getByRole('row').count()).toBe(3);
  });

  it('shows open alerts and acknowledges one', async () => {
    await page.getByLabel('State').selectOption('');
    await page.waitForURL((url) => url.pathname === '/admin/alerts' && url.search === '');
    const table = page.getByTestId('alerts');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await table.innerText()).toContain('The ACME feed is 30 hours old');
    expect(await table.innerText()).not.toContain('ACME rated 1.8');
    await table.getByRole('button', { name: /Acknowledge/ }).click();
    await expect.poll(() => table.getByTestId('acknowledged').innerText()).toContain('Acknowledged by');
    expect(await table.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);
    const stored = await sql<{ n: string }>`select count(*) as n from alerts where acknowledged_at is not null`.execute(
      shop.database.db,
    );
    expect(Number(stored.rows[0]?.n)).toBe(1);
    await screenshot(page, 'console-alerts');
  });

  it('keeps the alert filters in the URL across a reload', async () => {
    await page.getByLabel('State').selectOption('resolved');
    await page.waitForURL(/state=resolved/);
    await page.reload();
    const table = page.getByTestId('alerts');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await table.innerText()).toContain('ACME rated 1.8');
    expect(await page.getByLabel('State').inputValue()).toBe('resolved');
    await page.getByLabel('Rule').selectOption('dispatch_failed');
    await expect.poll(() => page.getByTestId('empty').innerText()).toContain('No alerts match these filters');
    await screenshot(page, 'console-alerts-empty');
  });

  it('shows the dashboard: today, supplier orders, open alerts, imports, low stock', async () => {
    await nav().getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByTestId('orders-today').innerText()).toBe('1 order');
    expect(await page.getByTestId('revenue-today').innerText()).toBe('€64.94');
    expect(await page.getByTestId('supplier-orders').innerText()).toContain('No supplier orders yet.');
    expect(await page.getByTestId('open-alerts').innerText()).toContain('The ACME feed is 30 hours old');
    const imports = await page.getByTestId('catalog-imports').innerText();
    expect(imports).toContain('Acme Sports GmbH');
    expect(imports).toMatch(/completed\s+30\s+6\s+0\s+4/);
    const lowStock = page.getByTestId('low-stock');
    expect(await lowStock.getByRole('row', { name: /JNE-SNK-002/ }).innerText()).toMatch(/MAIN\s+3\s+5/);
    expect(await lowStock.getByRole('row').count()).toBe(2);
    await screenshot(page, 'console-dashboard');
    const phone = await browser.newContext({ baseURL: shop.url, viewport: { width: 390, height: 844 } });
    try {
      const small = await phone.newPage();
      const phoneProblems = watchForProblems(small, { errorResponses: true });
      // The session lives in this tab's sessionStorage: a new tab signs in again.
      await small.goto('/admin');
      await small.waitForURL(/\/admin\/login/);
      await small.getByLabel('E-mail').fill('staff@jne-outlet.test');
      await small.getByLabel('Password').fill('staple battery horse');
      await small.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => small.getByTestId('orders-today').count(), { timeout: 15_000 }).toBe(1);
      const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(small, 'console-dashboard-phone');
      expect(phoneProblems).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('says so, inside the console, for a console page that does not exist', async () => {
    await page.goto('/admin/no-such-page');
    await expect.poll(() => page.getByTestId('not-found').innerText()).toContain('The back office has no such page.');
    expect(await nav().count()).toBe(1);
  });

  it('hides the database from staff, and tells them why at its URL without asking the API', async () => {
    expect(await nav().getByRole('link', { name: 'Database' }).count()).toBe(0);
    await page.goto('/admin/database');
    await expect.poll(() => page.getByTestId('error').innerText()).toContain('Not allowed for your role');
    expect(apiCalls.filter((p) => p.startsWith('/api/admin/database'))).toEqual([]);
    await screenshot(page, 'console-database-staff');
  });

  it('shows admins every migration, its checksum, and each check passing', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/login\?redirect=%2Fadmin%2Fdatabase$/);
    await signIn('admin@jne-outlet.test', 'correct horse battery');
    await page.waitForURL(/\/admin\/database$/, { timeout: 15_000 });
    expect(await nav().getByRole('link', { name: 'Database' }).count()).toBe(1);
    const migrations = page.getByTestId('migrations');
    const files = loadMigrations();
    await expect.poll(() => migrations.getByRole('row').count()).toBe(files.length + 1);
    expect(await migrations.locator('tbody .status').allInnerTexts()).toEqual(files.map(() => 'Applied'));
    expect(await migrations.locator('tbody tr').first().innerText()).toContain(files[0]!.checksum.slice(0, 12));
    expect(await page.getByTestId('database-summary').innerText()).toContain('history and files agree');
    await expect.poll(() => page.getByTestId('verify-summary').innerText()).toMatch(/^All \d+ checks passed\./);
    expect(await page.getByTestId('checks').count()).toBe(files.length);
    await screenshot(page, 'console-database');
  });

  it('ends the session when the API says it is over, and comes back to the page after signing in', async () => {
    const before = problems.length;
    await sql`update users set is_active = false where email = 'admin@jne-outlet.test'`.execute(shop.database.db);
    await nav().getByRole('link', { name: 'Alerts' }).click();
    await page.waitForURL(/\/admin\/login\?redirect=%2Fadmin%2Falerts$/);
    expect(await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)))).not.toMatch(/jne\.admin/);
    // The one refused request (and the browser's line about it) is the point of this test.
    const refused = problems.splice(before);
    expect(refused.length).toBeGreaterThan(0);
    for (const p of refused) expect(p).toMatch(/401/);
    await sql`update users set is_active = true where email = 'admin@jne-outlet.test'`.execute(shop.database.db);
    await signIn('admin@jne-outlet.test', 'correct horse battery');
    await page.waitForURL(/\/admin\/alerts$/, { timeout: 15_000 });
    await expect.poll(() => page.getByTestId('alerts').count()).toBe(1);
  });

  it('had no console errors, failed requests or error responses', () => {
    expect(problems).toEqual([]);
  });
});
