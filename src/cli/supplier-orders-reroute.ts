/**
 * `jne supplier-orders reroute ID [--json]`: the lines of a rejected, failed or cancelled
 * supplier order go to their next best sources, as POST /api/supplier-orders/:id/reroute does;
 * the actor is the OS user. Prints each line's new source; exit 1 when the supplier order cannot
 * be re-routed (its status, a cancelled order), 0 when it was (or had been) re-routed.
 */
import type { Config } from '../config.js';
import { inTransaction } from '../db/transaction.js';
import { rerouteSupplierOrder, type ReroutedLine } from '../orders/reroute.js';
import { parseOptions } from './args.js';
import { withDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import { osUser, UsageError, type CliIO } from './io.js';

export const REROUTE_USAGE = 'jne supplier-orders reroute ID [--json]';

export async function rerouteCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const { values, positionals } = parseOptions('jne supplier-orders reroute', argv, { json: { type: 'boolean' } });
  const [id] = positionals;
  if (positionals.length !== 1 || !id) throw new UsageError(`Usage: ${REROUTE_USAGE}`);
  if (!/^[1-9]\d{0,14}$/.test(id)) throw new UsageError(`ID must be a supplier order id (a whole number), got "${id}"`);
  const actor = `jne supplier-orders reroute (${osUser(io)})`;
  return withDatabase(config, 'jne supplier-orders reroute', io, async (db) => {
    const result = await inTransaction(db, (trx) =>
      rerouteSupplierOrder(trx, Number(id), { source: 'operator', actor }, { ratingFloor: config.routing.ratingFloor }),
    );
    if (values.json) {
      io.out(JSON.stringify(result));
      return EXIT.ok;
    }
    io.out(
      result.alreadyRerouted
        ? `Supplier order ${id} (order ${result.orderNumber}) was re-routed before; nothing changed. Its lines went:`
        : `Supplier order ${id} (order ${result.orderNumber}) re-routed:`,
    );
    for (const line of result.lines) io.out(`  ${describe(line)}`);
    return EXIT.ok;
  });
}

function describe(line: ReroutedLine): string {
  const head = `${line.sku} x${line.quantity} -> `;
  if (line.to.length === 0) return `${head}nowhere: unfulfillable (${line.unfulfillable ?? 'no source'})`;
  return (
    head +
    line.to
      .map((t) =>
        t.kind === 'own'
          ? `own stock ${t.source} (${t.quantity})`
          : `supplier ${t.supplier}, supplier order ${t.supplierOrderId} (${t.quantity})`,
      )
      .join(' + ')
  );
}
