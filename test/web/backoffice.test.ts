/**
 * The back office in a real browser: staff sign in, see the orders and the suppliers, filter by
 * the URL, sign out. Orders and suppliers are written straight into the tables; the pages read them
 * through the API.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/service.js';
import { launchChromium, screenshot, startShop, watchForProblems, type Shop } from '../support/shop.js';

describe('back office in chromium', () => {
  let shop: Shop;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    [shop, browser] = await Promise.all([startShop(), launchChromium()]);
    const db = shop.database.db;
    await createUser(db, { email: 'admin@jne-outlet.test', password: 'correct horse battery', role: 'admin' });
    await sql`insert into suppliers (code, name, email, status)
              values ('ACME', 'Acme Sports GmbH', 'orders@acme.example', 'active'),
                     ('NORD', 'Nordic Home AB', 'order@nordic.example', 'paused')`.execute(db);
    await sql`insert into orders (order_number, email, status, subtotal, shipping_total, total, shipping_address)
              values ('JNE-2026-000101', 'erika@example.com', 'pending', '59.99', '4.95', '64.94',
                      '{"name": "Erika Mustermann", "line1": "Hauptstraße 5", "city": "Berlin", "postalCode": "10115", "country": "DE"}')`.execute(
      db,
    );
    context = await browser.newContext({ baseURL: shop.url, viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    problems = watchForProblems(page, { errorResponses: true });
  });

  afterAll(async () => {
    expect(problems).toEqual([]);
    await context?.close();
    await browser?.close();
    await shop?.close();
  });

  it('refuses a wrong password with the server’s message', async () => {
    await page.goto('/admin');
    await page.waitForURL(/\/admin\/login\?redirect=/);
    await page.getByLabel('E-mail').fill('admin@jne-outlet.test');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Sign-in hashes the password with argon2: seconds on a loaded machine.
    await expect.poll(() => page.getByTestId('error').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('error').innerText()).toContain('Sign-in failed');
    // The wrong password's 401 is the one refused request this file makes on purpose.
    for (const p of problems.splice(0)) expect(p).toMatch(/401/);
    await screenshot(page, 'admin-login-failed');
  });

  it('signs in and lists the orders', async () => {
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The console opens on the dashboard; the orders are one click away.
    await page.waitForURL((url) => url.pathname === '/admin', { timeout: 15_000 });
    await page
      .getByRole('navigation', { name: 'Back office' })
      .getByRole('link', { name: 'Orders', exact: true })
      .click();
    const orders = page.getByTestId('admin-orders');
    await expect.poll(() => orders.count(), { timeout: 15_000 }).toBe(1);
    const row = orders.getByRole('row', { name: /JNE-2026-000101/ });
    expect(await row.innerText()).toContain('erika@example.com');
    expect(await row.innerText()).toContain('€64.94');
    expect(new URL(page.url()).pathname).toBe('/admin/orders');
    expect(await page.getByTestId('console-user').innerText()).toMatch(/admin@jne-outlet\.test · admin/i);
    await screenshot(page, 'admin-orders');
  });

  it('filters the orders through the URL, and a reload keeps the filter', async () => {
    await page.getByLabel('Status').selectOption('cancelled');
    await page.waitForURL(/status=cancelled/);
    await expect.poll(() => page.getByTestId('empty').innerText()).toContain('No orders match these filters');
    await page.reload();
    await expect.poll(() => page.getByTestId('empty').count()).toBe(1);
    expect(await page.getByLabel('Status').inputValue()).toBe('cancelled');
    await page.getByLabel('Status').selectOption('');
    await expect.poll(() => page.getByTestId('admin-orders').count()).toBe(1);
  });

  it('lists the suppliers', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Suppliers' }).click();
    const suppliers = page.getByTestId('admin-suppliers');
    await expect.poll(() => suppliers.count()).toBe(1);
    expect(await suppliers.getByRole('row').count()).toBe(3);
    expect(await suppliers.innerText()).toContain('Acme Sports GmbH');
    expect(await suppliers.innerText()).toContain('Nordic Home AB');
    await screenshot(page, 'admin-suppliers');
  });

  it('forgets the token on sign-out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    // The router keeps scroll positions in sessionStorage too; no key or value there holds a session.
    const stored = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    expect(stored).not.toMatch(/jne\.admin|token|admin@jne-outlet/);
  });
});
