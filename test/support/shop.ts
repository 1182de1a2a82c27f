/**
 * The real shop for browser tests: a migrated embedded database with a small catalog written
 * straight into the tables, the app from buildApp listening on 127.0.0.1 (a free port), and
 * headless Debian chromium driven by playwright-core.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DB } from '../../src/db/types.js';
import { loadMigrations } from '../../src/db/migrations/files.js';
import { buildApp } from '../../src/http/app.js';
import type { Secrets } from '../../src/secrets.js';
import { migratedDatabase, type TestDatabase } from './databases.js';

/** Debian's chromium (`apt-get install -y chromium`); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-results', 'web');

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No chromium at ${CHROMIUM_PATH}: install it with \`apt-get update && apt-get install -y chromium\` ` +
        '(or set CHROMIUM_PATH to a Chromium binary).',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface Shop {
  url: string;
  database: TestDatabase;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** `secrets`: the keys the app signs and encrypts with, for a test that runs the job workers beside it. */
export async function startShop(options: { secrets?: Secrets } = {}): Promise<Shop> {
  const database = await migratedDatabase('embedded');
  await seedCatalog(database.db);
  const app = await buildApp({
    config: { logLevel: 'warn' },
    database,
    migrations: loadMigrations(),
    ...(options.secrets ? { secrets: options.secrets } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app did not listen on a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    database,
    app,
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

/**
 * What goes wrong in a page, for a test to fail on: page errors, console errors, and requests that
 * fail (an aborted one is the page dropping an answer nobody waits for any more: a navigation, a
 * cancelled query); with `errorResponses`, every answer of 400 or more too.
 */
export function watchForProblems(page: Page, options: { errorResponses?: boolean } = {}): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${request.url()}`);
  });
  if (options.errorResponses) {
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
  }
  return problems;
}

/** Saves a full-page screenshot to test-results/web/NAME.png (gitignored) to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export interface SeedProduct {
  sku: string;
  slug: string;
  name: string;
  category: string;
  price: string;
  compareAt: string | null;
  stock: number;
  color: string | null;
  description?: string;
}

/** Named products the tests use; 30 more plain tees make a second page. */
export const PRODUCTS: SeedProduct[] = [
  {
    sku: 'JNE-SNK-001',
    slug: 'runner-pro-sneaker',
    name: 'Runner Pro Sneaker',
    category: 'sneakers',
    price: '59.99',
    compareAt: '119.99',
    stock: 12,
    color: '#2f6fde',
    description: 'Light running sneaker with a cushioned sole.\n\nLast season colourway, new and boxed.',
  },
  {
    sku: 'JNE-SNK-002',
    slug: 'court-classic-leather-sneaker',
    name: 'Court Classic Leather Sneaker',
    category: 'sneakers',
    price: '44.95',
    compareAt: '89.90',
    stock: 3,
    color: '#f2f2f2',
  },
  {
    sku: 'JNE-BOT-001',
    slug: 'chelsea-boot-suede',
    name: 'Chelsea Boot Suede',
    category: 'boots',
    price: '79.00',
    compareAt: '149.00',
    stock: 5,
    color: '#8a5a35',
  },
  {
    sku: 'JNE-JKT-001',
    slug: 'alpine-down-jacket',
    name: 'Alpine Down Jacket',
    category: 'jackets',
    price: '129.00',
    compareAt: '249.00',
    stock: 7,
    color: '#1f3b2d',
  },
  {
    sku: 'JNE-JKT-002',
    slug: 'rain-shell-jacket',
    name: 'Rain Shell Jacket',
    category: 'jackets',
    price: '49.50',
    compareAt: null,
    stock: 0,
    color: '#f4c430',
  },
  {
    sku: 'JNE-HOM-001',
    slug: 'linen-duvet-cover-set',
    name: 'Linen Duvet Cover Set',
    category: 'home',
    price: '34.99',
    compareAt: '69.99',
    stock: 20,
    color: null,
  },
  {
    sku: 'JNE-HOM-002',
    slug: 'stoneware-mug-set-4',
    name: 'Stoneware Mug Set (4 pcs)',
    category: 'home',
    price: '19.99',
    compareAt: '29.99',
    stock: 40,
    color: '#c9b79c',
  },
];

const TEES: SeedProduct[] = Array.from({ length: 30 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return {
    sku: `JNE-TEE-${n}`,
    slug: `organic-cotton-tee-${n}`,
    name: `Organic Cotton Tee No. ${n}`,
    category: 'tshirts',
    price: `${9 + (i % 7)}.${i % 2 === 0 ? '99' : '49'}`,
    compareAt: i % 3 === 0 ? null : '24.99',
    stock: 50,
    color: null,
  };
});

export const ALL_PRODUCTS = [...PRODUCTS, ...TEES];

/** A product picture as an inline SVG (the browser has no internet; data: images are allowed). */
function picture(color: string, label: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fafafa"/>` +
    `<stop offset="1" stop-color="#e6e6ea"/></linearGradient></defs>` +
    `<rect width="600" height="600" fill="url(#g)"/>` +
    `<ellipse cx="300" cy="470" rx="190" ry="22" fill="#000" opacity=".08"/>` +
    `<rect x="130" y="170" width="340" height="280" rx="48" fill="${color}" stroke="#00000022" stroke-width="4"/>` +
    `<text x="300" y="330" font-family="Arial" font-size="44" font-weight="700" text-anchor="middle" ` +
    `fill="#ffffffcc" stroke="#00000033" stroke-width="1">${label}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export async function seedCatalog(db: Kysely<DB>): Promise<void> {
  const categories: [string, string, string | null][] = [
    ['shoes', 'Shoes', null],
    ['sneakers', 'Sneakers', 'shoes'],
    ['boots', 'Boots', 'shoes'],
    ['clothing', 'Clothing', null],
    ['jackets', 'Jackets', 'clothing'],
    ['tshirts', 'T-shirts', 'clothing'],
    ['home', 'Home & Living', null],
  ];
  for (const [position, [slug, name, parent]] of categories.entries()) {
    await sql`insert into categories (slug, name, parent_id, position)
              values (${slug}, ${name}, (select id from categories where slug = ${parent}), ${position})`.execute(db);
  }
  await sql`insert into inventory_sources (type, code, name, priority) values ('warehouse', 'MAIN', 'Main warehouse', 1)`.execute(
    db,
  );
  // Oldest first, so "newest" lists the named products before the tees.
  const ordered = [...TEES, ...PRODUCTS];
  for (const [i, p] of ordered.entries()) {
    const images = p.color ? [picture(p.color, p.name.split(' ')[0] ?? '')] : [];
    await sql`insert into products (sku, slug, name, description, category_id, price, compare_at_price, status, images, created_at)
              values (${p.sku}, ${p.slug}, ${p.name}, ${p.description ?? null},
                      (select id from categories where slug = ${p.category}), ${p.price}, ${p.compareAt}, 'active',
                      ${JSON.stringify(images)}::jsonb, now() - make_interval(mins => ${ordered.length - i}))`.execute(
      db,
    );
    if (p.stock > 0) {
      await sql`insert into fulfillment_inventory (source_id, product_id, quantity_on_hand)
                values ((select id from inventory_sources where code = 'MAIN'),
                        (select id from products where sku = ${p.sku}), ${p.stock})`.execute(db);
    }
  }
  // Not for sale: never shown in the storefront.
  await sql`insert into products (sku, slug, name, price, status) values ('JNE-DRAFT-1', 'draft-thing', 'Draft Thing', '1.00', 'draft')`.execute(
    db,
  );
}
