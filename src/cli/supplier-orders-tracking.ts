/**
 * `jne supplier-orders import-tracking --supplier CODE FILE [--json]` and
 * `jne supplier-orders mark ID --status S [...]`: a supplier's tracking file, and an operator's
 * mark by hand, from the terminal. Each opens one transaction; the actor names the OS user.
 */
import fs from 'node:fs/promises';
import type { Config } from '../config.js';
import { inTransaction } from '../db/transaction.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { MARKS, markSupplierOrder, type Mark, type MarkRequest } from '../fulfillment/mark.js';
import { importTracking, type TrackingReport } from '../fulfillment/tracking/import.js';
import { parseLines } from '../fulfillment/tracking/parse.js';
import { rollUpOrderStatus } from '../orders/roll-up.js';
import { parseOptions } from './args.js';
import { withDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import { osUser, UsageError, type CliIO } from './io.js';

export const TRACKING_USAGE = {
  'import-tracking': 'jne supplier-orders import-tracking --supplier CODE FILE [--json]',
  mark:
    'jne supplier-orders mark ID --status S [--reference R] [--carrier C --tracking N [--tracking-url U] ' +
    '[--shipped-at T] [--lines SKU:QTY;...]] [--note T] [--json]',
};

export async function supplierOrdersTrackingCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import-tracking') return importTrackingCommand(rest, config, io);
  if (sub === 'mark') return markCommand(rest, config, io);
  throw new UsageError(`Unknown command "jne supplier-orders ${sub ?? ''}". Run \`jne help\` for the list.`);
}

async function importTrackingCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const usage = TRACKING_USAGE['import-tracking'];
  const { values, positionals } = parseOptions(
    usage,
    argv,
    { supplier: { type: 'string' }, json: { type: 'boolean' } },
    ['supplier'],
  );
  if (positionals.length !== 1) throw new UsageError(`a FILE is required\nusage: ${usage}`);
  let text: string;
  try {
    text = await fs.readFile(positionals[0]!, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${positionals[0]}: ${(error as Error).message}`);
  }
  const actor = `jne supplier-orders import-tracking (${osUser(io)})`;
  return operatorInput(io, () =>
    withDatabase(config, 'jne supplier-orders import-tracking', io, async (db) => {
      const report = await inTransaction(db, (trx) =>
        importTracking(trx, { code: values.supplier! }, text, actor, rollUpOrderStatus),
      );
      if (values.json) io.out(JSON.stringify(report));
      else printTrackingReport(report, io);
      return EXIT.ok;
    }),
  );
}

export function printTrackingReport(r: TrackingReport, io: CliIO): void {
  io.out(`Tracking file for ${r.supplierCode}: ${r.rowsRead} row(s) read`);
  for (const [label, value] of [
    ['applied', r.applied],
    ['unchanged', r.unchanged],
    ['rejected', r.rejected],
  ] as const) {
    io.out(`  ${label.padEnd(10)} ${value}`);
  }
  for (const row of r.rows.filter((x) => x.outcome !== 'applied')) {
    io.out(`  line ${row.line}: ${row.outcome}: ${row.reason}`);
  }
}

async function markCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const usage = TRACKING_USAGE.mark;
  const { values: o, positionals } = parseOptions(
    usage,
    argv,
    {
      status: { type: 'string' },
      reference: { type: 'string' },
      carrier: { type: 'string' },
      tracking: { type: 'string' },
      'tracking-url': { type: 'string' },
      'shipped-at': { type: 'string' },
      lines: { type: 'string' },
      note: { type: 'string' },
      json: { type: 'boolean' },
    },
    ['status'],
  );
  const id = Number(positionals[0]);
  if (positionals.length !== 1 || !Number.isSafeInteger(id) || id < 1) {
    throw new UsageError(`ID must be a supplier order id\nusage: ${usage}`);
  }
  if (!(MARKS as readonly string[]).includes(o.status!)) throw new UsageError(`--status takes ${MARKS.join(', ')}`);
  const mark: MarkRequest = { status: o.status as Mark, externalReference: o.reference, note: o.note };
  if (o.carrier !== undefined || o.tracking !== undefined) {
    if (!o.carrier || !o.tracking) throw new UsageError('--carrier and --tracking go together');
    if (o['tracking-url'] !== undefined && !/^https?:\/\/\S+$/.test(o['tracking-url'])) {
      throw new UsageError('--tracking-url must be an http or https URL');
    }
    const shippedAt = o['shipped-at'] === undefined ? undefined : new Date(o['shipped-at']);
    if (shippedAt && Number.isNaN(shippedAt.getTime())) throw new UsageError('--shipped-at must be a date-time');
    mark.shipment = {
      carrier: o.carrier,
      trackingNumber: o.tracking,
      trackingUrl: o['tracking-url'],
      shippedAt,
      lines: o.lines === undefined ? undefined : parseLines(o.lines),
    };
  } else if (mark.status === 'shipped' || mark.status === 'partially_shipped') {
    throw new UsageError(`--status ${mark.status} needs the parcel: --carrier C --tracking N`);
  }
  const actor = `jne supplier-orders mark (${osUser(io)})`;
  return operatorInput(io, () =>
    withDatabase(config, 'jne supplier-orders mark', io, async (db) => {
      const result = await inTransaction(db, (trx) => markSupplierOrder(trx, id, mark, actor, rollUpOrderStatus));
      if (o.json) io.out(JSON.stringify(result));
      if (!result.applied) {
        io.err(`refused: ${result.reason}`);
        return EXIT.failed;
      }
      if (!o.json) io.out(`Supplier order ${id}: ${result.from} -> ${result.to} (event ${result.eventId}).`);
      return EXIT.ok;
    }),
  );
}

/** An unknown supplier or supplier order, a file or a value that cannot be used: the operator's input (exit 2). */
async function operatorInput(io: CliIO, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof InvalidInputError) {
      io.err(`error: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}
