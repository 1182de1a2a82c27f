/**
 * Fixed cases of the margin property (margin-property.test.ts): counterexamples it found, shrunk,
 * and the shape it guards most, a dearer supplier behind a cheap one, kept as regressions.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { actions, type Shop, type Step } from './margin-shop.js';

const CASES: { name: string; shop: Shop; steps: Step[] }[] = [
  {
    // Found without the reprice in `jne stock set`: the last own unit counted away left the price
    // on the own cost while the basis had become the (unsellable) supplier offer.
    name: 'own stock counted to zero moves the basis to a supplier offer',
    shop: {
      suppliers: [{ fee: '0.00', shipping: { type: 'free_over', amount: '0.00', threshold: '0.00' }, buffer: 0 }],
      products: [{ cost: '1.00', own: 1 }],
      offers: [],
      rules: [],
      fallback: { markup: '0', minMargin: '0' },
    },
    steps: [
      { kind: 'import', supplier: 0, product: 0, cost: '0.50', stock: 0 },
      { kind: 'stock', product: 0, quantity: 0 },
    ],
  },
  {
    // The second case in small: the price follows the cheap supplier's 10 units; the dear
    // one (cost 40.00 + 4.90 shipping) breaks the margin, so 11 units are refused and 10 sold.
    name: 'a dearer supplier behind a cheap one: only the cheap units are sold',
    shop: {
      suppliers: [
        { fee: '0.00', shipping: { type: 'flat', amount: '0.00' }, buffer: 0 },
        { fee: '0.00', shipping: { type: 'flat', amount: '4.90' }, buffer: 0 },
      ],
      products: [{ cost: '20.00', own: 0 }],
      offers: [
        { supplier: 0, product: 0, cost: '5.00', stock: 10 },
        { supplier: 1, product: 0, cost: '40.00', stock: 30 },
      ],
      rules: [],
      fallback: { markup: '40', minMargin: '15' },
    },
    steps: [
      { kind: 'order', product: 0, quantity: 11 },
      { kind: 'order', product: 0, quantity: 10 },
      { kind: 'rule', markup: '100', minMargin: '15' },
      { kind: 'pause', supplier: 0, paused: true },
      { kind: 'order', product: 0, quantity: 30 },
    ],
  },
];

for (const backend of backends) {
  describe(`margin regressions on ${backend}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await migratedDatabase(backend);
    });
    afterAll(async () => database?.dispose());

    for (const c of CASES) {
      it(c.name, async () => {
        const act = actions(database, randomBytes(32));
        await act.reset();
        await act.build(c.shop);
        await act.check();
        for (const step of c.steps) {
          await act.run(step);
          await act.check();
        }
      });
    }
  });
}
