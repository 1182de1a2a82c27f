/**
 * `jne performance recompute [--supplier CODE] [--json]` and `jne performance show [--supplier
 * CODE] [--period 30d] [--json]`: supplier performance from the terminal, the same figures as
 * GET /api/performance and GET /api/suppliers/:id/performance.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { parsePeriod } from '../performance/periods.js';
import { recomputePerformance } from '../performance/recompute.js';
import {
  listPerformance,
  ordersBehind,
  supplierPerformance,
  type OrderFacts,
  type PerformanceFigures,
} from '../performance/repository.js';
import { parseOptions } from './args.js';
import { findSupplierIdByCode } from '../suppliers/repository.js';
import { withDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import { UsageError, type CliIO } from './io.js';
import { printColumns } from './table.js';

const USAGE =
  'jne performance recompute [--supplier CODE] [--full] [--json] | jne performance show [--supplier CODE] [--period 30d] [--json]';

export async function performanceCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'recompute') {
    const { values, positionals } = parseOptions('jne performance recompute', rest, {
      supplier: { type: 'string' },
      full: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`Usage: ${USAGE}`);
    return withDatabase(config, 'jne performance recompute', io, async (db) => {
      const supplier = values.supplier === undefined ? undefined : await findSupplier(db, values.supplier);
      const result = await inTransaction(db, (trx) =>
        recomputePerformance(trx, {
          minOrders: config.performance.minOrders,
          supplierId: supplier?.id,
          full: values.full,
        }),
      );
      io.out(
        values.json
          ? JSON.stringify(result)
          : `Recomputed ${result.rows} period row(s) of ${supplier ? supplier.code : 'every supplier'} in ${result.ms} ms.`,
      );
      return EXIT.ok;
    });
  }
  if (sub === 'show') {
    const { values, positionals } = parseOptions('jne performance show', rest, {
      supplier: { type: 'string' },
      period: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`Usage: ${USAGE}`);
    const period = parsePeriod(values.period ?? '30d', '--period');
    return withDatabase(config, 'jne performance show', io, async (db) => {
      if (values.supplier === undefined) {
        const items = await listPerformance(db, period, 'rating', true);
        if (values.json) io.out(JSON.stringify({ items }));
        else printTable(items, io);
        return EXIT.ok;
      }
      const supplier = await findSupplier(db, values.supplier);
      const performance = await supplierPerformance(db, supplier.id, period);
      if (!performance) {
        throw new NotFoundError(
          `No ${period.label} performance of ${supplier.code} yet: run jne performance recompute`,
        );
      }
      const orders = await ordersBehind(db, supplier.id, performance, { limit: 50, offset: 0 });
      if (values.json) io.out(JSON.stringify({ performance, orders }));
      else {
        printTable([performance], io);
        printOrders(orders.items, orders.total, io);
      }
      return EXIT.ok;
    });
  }
  throw new UsageError(`Usage: ${USAGE}`);
}

const pct = (rate: string | null) => (rate === null ? '-' : `${(Number(rate) * 100).toFixed(1)} %`);
const h = (hours: string | null) => (hours === null ? '-' : `${hours} h`);

function printTable(rows: PerformanceFigures[], io: CliIO): void {
  if (rows.length === 0) {
    io.out('No supplier performance for this period yet (jne performance recompute computes it).');
    return;
  }
  const head = [
    'supplier',
    'period',
    'orders',
    'fill',
    'accepted',
    'on time',
    'handling',
    'p90',
    'ack',
    'cancelled',
    'tracking',
    'rating',
  ];
  const lines = rows.map((r) => [
    r.code,
    `${r.period.label} ${r.period.start}..${r.period.end}`,
    String(r.ordersCount),
    pct(r.fillRate),
    pct(r.acceptanceRate),
    pct(r.onTimeShipRate),
    h(r.meanHandlingHours),
    h(r.p90HandlingHours),
    h(r.meanAckHours),
    pct(r.cancellationRate),
    h(r.meanTrackingUploadHours),
    `${r.rating ?? '-'}${r.rated ? '' : ' (neutral: too few orders)'}`,
  ]);
  printColumns([head, ...lines], io);
}

function printOrders(orders: OrderFacts[], total: number, io: CliIO): void {
  io.out(`\nSupplier orders behind it (${orders.length} of ${total}, newest first):`);
  if (orders.length === 0) return;
  const head = ['id', 'order', 'status', 'created', 'units', 'on time', 'handling', 'ack', 'tracking'];
  const lines = orders.map((o) => [
    String(o.id),
    o.orderNumber,
    o.supplierCancelled ? `${o.status} (by the supplier)` : o.status,
    o.createdAt.slice(0, 16).replace('T', ' '),
    `${o.itemsShipped}/${o.itemsOrdered}`,
    o.onTime === null ? '-' : o.onTime ? 'yes' : 'late',
    h(o.handlingHours),
    h(o.ackHours),
    h(o.trackingUploadHours),
  ]);
  printColumns([head, ...lines], io);
}

async function findSupplier(db: Kysely<DB>, code: string): Promise<{ id: number; code: string }> {
  const id = await findSupplierIdByCode(db, code);
  if (id === undefined) throw new UsageError(`--supplier: no supplier with code "${code}"`);
  return { id, code: code.toUpperCase() };
}
