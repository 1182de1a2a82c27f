/**
 * `jne stock set SKU QUANTITY [--reason TEXT] [--source CODE]`, `jne stock show SKU`,
 * `jne stock sources`: own stock from the terminal. A set is an adjustment like any other, in
 * the audit trail with the OS user as part of its actor.
 */
import type { Config } from '../config.js';
import { withDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import { listSources } from '../inventory/sources-service.js';
import { listAdjustments } from '../inventory/stock-repository.js';
import { setStock, stockOfSku } from '../inventory/stock-service.js';
import type { StockRow } from '../inventory/types.js';
import { parseOptions } from './args.js';
import { osUser, UsageError, type CliIO } from './io.js';
import { inTransaction } from '../db/transaction.js';

const MAX_QUANTITY = 1_000_000;

export async function stockCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'set') {
    const { values, positionals } = parseOptions('jne stock set', rest, {
      reason: { type: 'string' },
      source: { type: 'string' },
    });
    const [sku, quantity] = positionals;
    if (positionals.length !== 2 || !sku || !quantity) {
      throw new UsageError('jne stock set takes a SKU and a quantity: jne stock set SKU QUANTITY [--reason TEXT]');
    }
    if (!/^\d{1,7}$/.test(quantity) || Number(quantity) > MAX_QUANTITY) {
      throw new UsageError(`QUANTITY must be a whole number from 0 to ${MAX_QUANTITY}, got "${quantity}"`);
    }
    const actor = `jne stock set (${osUser(io)})`;
    return withDatabase(config, 'jne stock set', io, async (db) => {
      const input = {
        sku,
        sourceCode: values.source,
        quantityOnHand: Number(quantity),
        reason: 'set' as const,
        note: values.reason ?? null,
      };
      const { stock, adjustment, createdSource } = await inTransaction(db, (trx) =>
        setStock(trx, input, { actor, createSourceIfNone: true }),
      );
      if (createdSource) {
        io.out(`Created the warehouse ${createdSource.code} ("${createdSource.name}"): there was no active warehouse.`);
      }
      const sign = adjustment.quantityChange >= 0 ? '+' : '';
      const change =
        adjustment.quantityChange === 0
          ? `unchanged: recorded as a confirmed count`
          : `${sign}${adjustment.quantityChange}`;
      io.out(
        `SKU ${stock.sku} at ${stock.sourceCode}: on hand ${adjustment.quantityOnHandBefore} -> ` +
          `${stock.quantityOnHand} (${change}), reserved ${stock.quantityReserved}, ` +
          `available ${stock.quantityAvailable}.`,
      );
      return EXIT.ok;
    });
  }
  if (sub === 'show') {
    const { positionals } = parseOptions('jne stock show', rest, {});
    const sku = positionals[0];
    if (positionals.length !== 1 || !sku) throw new UsageError('jne stock show takes a SKU: jne stock show SKU');
    return withDatabase(config, 'jne stock show', io, async (db) => {
      const { product, rows } = await stockOfSku(db, sku);
      io.out(`${product.sku}  ${product.name}`);
      if (rows.length === 0) io.out('  no own stock at any source');
      for (const row of rows) {
        io.out(describeRow(row));
        for (const a of await listAdjustments(db, row.id, 5)) {
          const change = `${a.quantityChange >= 0 ? '+' : ''}${a.quantityChange}`;
          io.out(
            `      ${a.createdAt}  ${a.reason.padEnd(10)} ${change.padStart(6)} -> ${a.quantityOnHandAfter}  ` +
              `by ${a.actor}${a.note ? `: ${a.note}` : ''}`,
          );
        }
      }
      return EXIT.ok;
    });
  }
  if (sub === 'sources') {
    const { positionals } = parseOptions('jne stock sources', rest, {});
    if (positionals.length > 0) throw new UsageError('jne stock sources takes no arguments');
    return withDatabase(config, 'jne stock sources', io, async (db) => {
      const sources = await listSources(db);
      if (sources.length === 0) io.out('No inventory sources. `jne stock set` creates the warehouse MAIN.');
      for (const s of sources) {
        const supplier = s.supplierId === null ? '' : `  (supplier ${s.supplierId})`;
        io.out(
          `${s.code.padEnd(12)} ${s.type.padEnd(9)} priority ${String(s.priority).padStart(4)}  ` +
            `${s.isActive ? 'active  ' : 'inactive'}  ${s.name}${supplier}`,
        );
      }
      return EXIT.ok;
    });
  }
  throw new UsageError(`Unknown command "jne stock ${sub ?? ''}". Run \`jne help\` for the list.`);
}

function describeRow(row: StockRow): string {
  const bin = row.binLocation ? `  bin ${row.binLocation}` : '';
  const low = row.isLowStock ? '  LOW STOCK' : '';
  return (
    `  ${row.sourceCode.padEnd(12)} on hand ${row.quantityOnHand}, reserved ${row.quantityReserved}, ` +
    `available ${row.quantityAvailable} (low at ${row.lowStockThreshold})${bin}${low}`
  );
}
