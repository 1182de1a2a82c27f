/**
 * `jne alerts [--all] [--json]` (open alarms, or all), `jne alerts evaluate [--json]` (the rules
 * now: new alarms open, gone ones resolve; no e-mail, the next scheduled digest lists them) and
 * `jne alerts ack ID`: the operator's alarms.
 */
import type { Config } from '../config.js';
import { acknowledgeAlert, listAlerts, type Alert } from '../alerts/repository.js';
import { evaluateAlerts } from '../alerts/evaluate.js';
import { inTransaction } from '../db/transaction.js';
import { NotFoundError } from '../errors.js';
import { parseOptions } from './args.js';
import { EXIT } from './exit-codes.js';
import { withDatabase } from './database.js';
import { osUser, UsageError, type CliIO } from './io.js';

const USAGE = 'jne alerts [--all] [--json] | jne alerts evaluate [--json] | jne alerts ack ID';

export async function alertsCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'evaluate') {
    const { values, positionals } = parseOptions('jne alerts evaluate', rest, { json: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`Usage: ${USAGE}`);
    return withDatabase(config, 'jne alerts evaluate', io, async (db) => {
      const rules = { thresholds: config.alerts, ratingFloor: config.routing.ratingFloor };
      const r = await inTransaction(db, (trx) => evaluateAlerts(trx, rules));
      io.out(
        values.json ? JSON.stringify(r) : `Alarms: ${r.opened} new, ${r.stillOpen} still open, ${r.resolved} resolved.`,
      );
      return EXIT.ok;
    });
  }
  if (sub === 'ack') {
    const { positionals } = parseOptions('jne alerts ack', rest, {});
    const id = positionals[0];
    if (positionals.length !== 1 || !/^[1-9]\d{0,15}$/.test(id!)) throw new UsageError(`Usage: ${USAGE}`);
    return withDatabase(config, 'jne alerts ack', io, async (db) => {
      const actor = `${osUser(io)} (jne)`;
      const alert = await inTransaction(db, (trx) => acknowledgeAlert(trx, Number(id), actor));
      if (!alert) throw new NotFoundError(`Alert ${id} does not exist`);
      io.out(`Alert ${alert.id} acknowledged by ${alert.acknowledgedBy} at ${alert.acknowledgedAt}.`);
      return EXIT.ok;
    });
  }
  const { values, positionals } = parseOptions('jne alerts', argv, {
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`Usage: ${USAGE}`);
  return withDatabase(config, 'jne alerts', io, async (db) => {
    const list = await listAlerts(db, { state: values.all ? 'all' : 'open', limit: 200, offset: 0 });
    if (values.json) io.out(JSON.stringify(list));
    else printAlerts(list.items, list.total, values.all === true, io);
    return EXIT.ok;
  });
}

function printAlerts(alerts: Alert[], total: number, all: boolean, io: CliIO): void {
  if (alerts.length === 0) {
    io.out(all ? 'No alarms.' : 'No open alarms.');
    return;
  }
  io.out(
    `${total} ${all ? '' : 'open '}alarm(s), newest first${alerts.length < total ? ` (${alerts.length} shown)` : ''}:`,
  );
  for (const a of alerts) {
    const state = a.resolvedAt
      ? `resolved ${a.resolvedAt}`
      : a.acknowledgedAt
        ? `acknowledged by ${a.acknowledgedBy}`
        : 'open';
    io.out(`${String(a.id).padStart(5)}  ${a.rule.padEnd(22)}  since ${a.firstSeenAt}  ${state}\n       ${a.message}`);
  }
}
