/**
 * `jne supplier-orders <subcommand>`: supplier orders from the terminal. Each subcommand is one
 * entry of SUBCOMMANDS (its usage line and what it runs), so the usage text and the dispatch
 * cannot drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { NotFoundError } from '../errors.js';
import { loadDispatchTarget } from '../fulfillment/dispatch/purchase-order.js';
import { purchaseOrderFileName } from '../fulfillment/purchase-order/file-name.js';
import { isPurchaseOrderFormat, PURCHASE_ORDER_FORMATS } from '../fulfillment/purchase-order/formats.js';
import { parseOptions } from './args.js';
import { EXIT } from './exit-codes.js';
import { UsageError, type CliIO } from './io.js';
import { withDatabase } from './database.js';
import { REROUTE_USAGE, rerouteCommand } from './supplier-orders-reroute.js';
import { supplierOrdersTrackingCommand, TRACKING_USAGE } from './supplier-orders-tracking.js';

interface Subcommand {
  usage: string;
  run(argv: string[], config: Config, io: CliIO): Promise<number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  'purchase-order': {
    usage: 'jne supplier-orders purchase-order ID [--format csv|html] [--out FILE|-]',
    async run(argv, config, io) {
      const { values, positionals } = parseOptions('jne supplier-orders purchase-order', argv, {
        format: { type: 'string' },
        out: { type: 'string' },
      });
      const id = supplierOrderId(positionals);
      const format = values.format ?? 'csv';
      if (!isPurchaseOrderFormat(format)) throw new UsageError(`--format must be csv or html, got "${format}"`);
      return withDatabase(config, 'jne supplier-orders purchase-order', io, async (db) => {
        const target = await loadDispatchTarget(db, id);
        if (!target) throw new NotFoundError(`Supplier order ${id} does not exist`);
        const order = target.purchaseOrder;
        const content = PURCHASE_ORDER_FORMATS[format].render(target);
        if (values.out === '-') {
          // io.out ends the text with a line break of its own.
          io.out(content.replace(/\r?\n$/, ''));
          return EXIT.ok;
        }
        const file = path.resolve(io.cwd, values.out ?? purchaseOrderFileName(order.reference, format));
        fs.writeFileSync(file, content);
        io.out(`Wrote the purchase order ${order.reference} (${order.lines.length} line(s)) to ${file}`);
        return EXIT.ok;
      });
    },
  },
};

// Tracking files and marks by hand: supplier-orders-tracking.ts.
for (const [name, usage] of Object.entries(TRACKING_USAGE)) {
  SUBCOMMANDS[name] = { usage, run: (argv, config, io) => supplierOrdersTrackingCommand([name, ...argv], config, io) };
}

// Re-routing a supplier order's lines: supplier-orders-reroute.ts.
SUBCOMMANDS.reroute = { usage: REROUTE_USAGE, run: rerouteCommand };

const USAGE = Object.values(SUBCOMMANDS).map((s) => s.usage);

export async function supplierOrdersCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  const subcommand = sub !== undefined && Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  if (!subcommand) {
    throw new UsageError(`Unknown command "jne supplier-orders ${sub ?? ''}". Usage:\n  ${USAGE.join('\n  ')}`);
  }
  return subcommand.run(rest, config, io);
}

function supplierOrderId(positionals: string[]): number {
  const [id] = positionals;
  if (positionals.length !== 1 || !id || !/^[1-9]\d{0,15}$/.test(id)) {
    throw new UsageError(`a supplier order ID (a whole number) is needed, got "${positionals.join(' ')}"`);
  }
  return Number(id);
}
