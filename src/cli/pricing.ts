/**
 * `jne pricing reprice`, `jne pricing preview --cost X`, `jne pricing rules`, `jne pricing explain
 * SKU`, `jne pricing check-stale`: margin pricing from the terminal. The reprice is the same
 * set-based statement the API and the imports run.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { findCategoryIdByRef } from '../catalog/categories-repository.js';
import { repriceProducts, repriceStaleFeeds } from '../catalog/prices.js';
import { findSupplierIdByCode } from '../suppliers/repository.js';
import { withDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import type { DB } from '../db/types.js';
import { previewPrice } from '../pricing/preview.js';
import { explainPricing, type PricingExplanation } from '../pricing/explain.js';
import { listRules } from '../pricing/rules-repository.js';
import { parseOptions } from './args.js';
import { UsageError, type CliIO } from './io.js';

const USAGE =
  'jne pricing reprice [--json] | jne pricing preview --cost X [--category SLUG|ID] [--supplier CODE] | jne pricing rules | ' +
  'jne pricing explain SKU [--json] | jne pricing check-stale [--json]';

export async function pricingCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'reprice') {
    const { values } = parseOptions('jne pricing reprice', rest, { json: { type: 'boolean' } });
    return withDatabase(config, 'jne pricing reprice', io, async (db) => {
      const started = performance.now();
      const { repriced } = await repriceProducts(db, { reason: 'jne pricing reprice' });
      const ms = Math.round(performance.now() - started);
      io.out(
        values.json
          ? JSON.stringify({ repriced, ms })
          : `Repriced the catalog: ${repriced} price(s) changed (${ms} ms).`,
      );
      return EXIT.ok;
    });
  }
  if (sub === 'preview') {
    const { values } = parseOptions(
      'jne pricing preview',
      rest,
      {
        cost: { type: 'string' },
        category: { type: 'string' },
        supplier: { type: 'string' },
        json: { type: 'boolean' },
      },
      ['cost'],
    );
    if (!/^\d{1,8}([.,]\d{1,4})?$/.test(values.cost!)) {
      throw new UsageError(`--cost must be an amount like 12.50, got "${values.cost}"`);
    }
    return withDatabase(config, 'jne pricing preview', io, async (db) => {
      const categoryId = values.category === undefined ? undefined : await findCategoryId(db, values.category);
      const supplierId = values.supplier === undefined ? undefined : await findSupplierId(db, values.supplier);
      const preview = await previewPrice(db, { cost: values.cost!.replace(',', '.'), categoryId, supplierId });
      if (values.json) {
        io.out(JSON.stringify(preview));
        return EXIT.ok;
      }
      io.out(
        `Cost ${preview.cost} -> price ${preview.price}${preview.compareAtPrice ? ` (compare at ${preview.compareAtPrice})` : ''}, ` +
          `margin ${preview.marginPercent} %, by rule "${preview.rule.ruleName}".`,
      );
      for (const [i, r] of preview.matchingRules.entries()) {
        io.out(
          `  ${i === 0 ? 'wins' : '    '}  priority ${String(r.priority).padStart(5)}  ${r.scope.padEnd(10)}  ${r.price.padStart(10)}  ${r.ruleName}`,
        );
      }
      return EXIT.ok;
    });
  }
  if (sub === 'check-stale') {
    const { values } = parseOptions('jne pricing check-stale', rest, { json: { type: 'boolean' } });
    return withDatabase(config, 'jne pricing check-stale', io, async (db) => {
      const { repriced } = await repriceStaleFeeds(db);
      io.out(
        values.json
          ? JSON.stringify({ repriced })
          : `Checked the supplier feeds: ${repriced} price(s) changed because a feed went stale.`,
      );
      return EXIT.ok;
    });
  }
  if (sub === 'explain') {
    const { values, positionals } = parseOptions('jne pricing explain', rest, { json: { type: 'boolean' } });
    const sku = positionals[0];
    if (!sku) throw new UsageError('Usage: jne pricing explain SKU [--json]');
    return withDatabase(config, 'jne pricing explain', io, async (db) => {
      const explanation = await explainPricing(db, { sku });
      if (values.json) io.out(JSON.stringify(explanation));
      else printExplanation(explanation, io);
      return EXIT.ok;
    });
  }
  if (sub === 'rules') {
    const { values } = parseOptions('jne pricing rules', rest, { json: { type: 'boolean' } });
    return withDatabase(config, 'jne pricing rules', io, async (db) => {
      const rules = await listRules(db);
      if (values.json) io.out(JSON.stringify(rules));
      else
        for (const r of rules) {
          io.out(
            `${String(r.id).padStart(4)}  ${r.isActive ? 'active  ' : 'inactive'}  priority ${String(r.priority).padStart(5)}  ` +
              `${r.scope.padEnd(10)}  ${r.markupType} ${r.markupValue}, min margin ${r.minMarginPercent} %, rounding ${r.rounding}  ${r.name}`,
          );
        }
      return EXIT.ok;
    });
  }
  throw new UsageError(`Usage: ${USAGE}`);
}

async function findCategoryId(db: Kysely<DB>, ref: string): Promise<number> {
  const id = await findCategoryIdByRef(db, ref);
  if (id === undefined) throw new UsageError(`--category: no category "${ref}"`);
  return id;
}

async function findSupplierId(db: Kysely<DB>, code: string): Promise<number> {
  const id = await findSupplierIdByCode(db, code);
  if (id === undefined) throw new UsageError(`--supplier: no supplier with code "${code}"`);
  return id;
}

function printExplanation(e: PricingExplanation, io: CliIO): void {
  io.out(
    `${e.sku}: price ${e.price}${e.compareAtPrice ? ` (compare at ${e.compareAtPrice})` : ''}` +
      `${e.priceLocked ? ', locked by hand' : ''}; ${e.availableQuantity} unit(s) for sale at this price.`,
  );
  if (e.basis && e.rule) {
    io.out(
      `Cost basis: ${e.basis.cost} from ${e.basis.source}; rule "${e.rule.name}" (${e.rule.description}) gives ${e.rulePrice}.`,
    );
  } else {
    io.out('Cost basis: none (no own cost and no supplier offer): a reprice leaves the price alone.');
  }
  io.out('Sources:');
  for (const s of e.sources) {
    io.out(
      `  ${s.kind.padEnd(8)} ${s.source.padEnd(12)} ${String(s.units).padStart(6)} units  cost ${s.landedUnitCost ?? 'unknown'} ` +
        `(at most ${s.maxUnitCost} at ${s.minMarginPercent} % margin)  ${s.offered ? 'offered' : `not offered: ${s.notOffered}`}`,
    );
  }
  if (e.changes.length > 0) io.out('Price changes, newest first:');
  for (const c of e.changes.slice(0, 10)) {
    io.out(
      `  ${c.changedAt}  ${c.oldPrice} -> ${c.newPrice}  basis ${c.costBasis} from ${c.basisSource}, "${c.ruleName}": ${c.reason}`,
    );
  }
}
