import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// What each folder of src/ may not import (DESIGN §6). Routing reads and decides; the modules
// that own tables do not call the ones that orchestrate them; the pricing engine computes prices
// on db/ alone and calls no module; nothing below the CLI imports it.
// test/architecture.test.ts checks table ownership and import cycles on top of this.
const DOMAINS = [
  'auth',
  'catalog',
  'catalog-import',
  'suppliers',
  'pricing',
  'pricing-engine',
  'inventory',
  'fulfillment',
  'routing',
  'orders',
  'performance',
  'alerts',
  'profit',
  'rate-limits',
  'dashboard',
];
const FORBIDDEN = {
  db: { folders: [...DOMAINS, 'http'], why: 'db/ is the lowest layer: connections, migrations, table types' },
  routing: {
    folders: ['orders', 'fulfillment', 'inventory'],
    why: 'routing reads candidates and decides; it writes nothing',
  },
  fulfillment: {
    folders: ['orders', 'routing', 'inventory'],
    why: 'fulfillment owns supplier orders; orders/ calls it',
  },
  inventory: { folders: ['orders', 'routing', 'fulfillment'], why: 'inventory owns stock; orders/ calls it' },
  catalog: {
    folders: ['orders', 'routing', 'fulfillment', 'inventory', 'pricing', 'catalog-import', 'suppliers'],
    why: 'the catalog knows no orders or stock; pricing, imports, suppliers and stock call it, not the other way',
  },
  suppliers: { folders: ['orders', 'routing', 'fulfillment', 'inventory'], why: 'suppliers know no orders or stock' },
  pricing: { folders: ['orders', 'routing', 'fulfillment'], why: 'pricing knows no orders' },
  'pricing-engine': {
    folders: DOMAINS.filter((d) => d !== 'pricing-engine'),
    why: 'the pricing engine computes prices in SQL on db/ alone; the modules that write or show prices call it',
  },
  'catalog-import': { folders: ['orders', 'routing', 'fulfillment'], why: 'catalog imports know no orders' },
  auth: { folders: ['orders', 'routing', 'fulfillment', 'inventory', 'pricing'], why: 'auth knows no shop data' },
  performance: {
    folders: ['orders', 'routing', 'fulfillment', 'inventory'],
    why: 'performance reads the lifecycle in SQL and writes only its metrics',
  },
  alerts: {
    folders: ['orders', 'fulfillment', 'inventory', 'performance'],
    why: 'the alarms read the current state in SQL and write only alerts',
  },
  profit: {
    folders: ['orders', 'routing', 'fulfillment', 'inventory'],
    why: 'profit computes and reports; orders/ stores the figures it computes',
  },
  'rate-limits': {
    folders: DOMAINS.filter((d) => d !== 'rate-limits'),
    why: 'the rate limit counters know nothing of the shop',
  },
  // Last: src/http/ matches every folder's web-layer entry and keeps the last one, this empty rule.
  orders: { folders: [], why: '' },
};
// Route plugins of their own are named *-routes.ts.
const WEB_LAYER = ['src/**/routes.ts', 'src/**/*-routes.ts', 'src/**/schemas.ts', 'src/http/**'];

function boundaries() {
  return Object.entries(FORBIDDEN).flatMap(([folder, { folders, why }]) => {
    const rule = (extra) => [
      'error',
      {
        patterns: [
          ...(folders.length > 0 ? [{ group: folders.map((f) => `../${f}/*`), message: why }] : []),
          { group: ['../cli/*'], message: 'nothing below the CLI imports it' },
          ...extra,
        ],
      },
    ];
    const http = { group: ['../http/*'], message: 'only routes and schemas use the HTTP layer' };
    return [
      { files: [`src/${folder}/**/*.ts`], ignores: WEB_LAYER, rules: { 'no-restricted-imports': rule([http]) } },
      {
        files: WEB_LAYER.map((g) => g.replace('src/**', `src/${folder}`)),
        rules: { 'no-restricted-imports': rule([]) },
      },
    ];
  });
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'web/dist/',
      'node_modules/',
      'data/',
      'backups/',
      'coverage/',
      'src/db/schema.generated.ts',
      'web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...boundaries(),
);
