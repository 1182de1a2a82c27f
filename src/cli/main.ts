/**
 * The `jne` command: parses arguments, calls domain functions, prints. Exit codes:
 * 0 success, 1 failed (a check, a migration, an operation), 2 bad usage or configuration,
 * 75 someone else was in the way (another deploy, a lock, the embedded database in use): try later.
 */
import { ConfigError, loadConfig } from '../config.js';
import { DataDirBusyError } from '../db/data-dir-lock.js';
import { MigrationError } from '../db/migrations/errors.js';
import { EXIT } from './exit-codes.js';
import { DomainError, InvalidInputError } from '../errors.js';
import { meaningOf } from '../db/constraints.js';
import { databaseError } from '../db/sqlstate.js';
import { UsageError, type CliIO } from './io.js';

const HELP = `Usage: jne <command> [options]

Database (the migration runbook):
  jne db status [--json]                 applied and pending migrations, with checksums; where the history is not true
  jne db backup [--out FILE]             full backup (pg_dump, or the embedded database's dump)
  jne db migrate --dry-run [--to N]      apply pending migrations in a transaction, show what they create, roll back
  jne db migrate [--to N] [--json]       apply pending migrations (advisory lock, lock_timeout, retries)
  jne db verify [--version N] [--json]   each migration's checks, one line each; exit 1 if any fails
  jne db rollback [--to N] [--json]      roll back the newest migration (or all above N)
  jne db restore FILE [--yes] [--force]  restore a backup made by jne db backup: shows what it replaces
                                         and asks (--yes: without asking, for scripts)
  jne db baseline N                      record migrations up to N as applied (applied by hand, checks pass)
  jne db forget N                        remove N's history row after its rollback was run by hand (rollback checks pass)
  jne db snapshot [--out FILE] [--check] the schema snapshot (database/schema.sql)

Supplier catalogs:
  jne catalog import --supplier CODE FILE|URL [--format csv|json] [--mode full|delta] [--force] [--create-drafts] [--json]
                                         import a supplier's feed (CSV, JSON array or NDJSON): report of
                                         inserted/updated/unchanged/rejected rows; exit 1 if refused or failed
  jne catalog link --supplier CODE SUPPLIER_SKU PRODUCT_SKU
                                         link a supplier item to a shop product (and reprice it)
  jne catalog unlinked --supplier CODE [--limit N] [--json]
                                         the supplier's items not linked to a product
  jne catalog create-drafts --supplier CODE [--json]
                                         draft products from the unlinked items, priced by the rules

Own stock:
  jne stock set SKU QUANTITY [--reason TEXT] [--source CODE]
                                         set the quantity on hand (default: the only active warehouse,
                                         created as MAIN if there is none); audited like any adjustment
  jne stock show SKU                     stock per source (on hand, reserved, available) and recent changes
  jne stock sources                      inventory sources: warehouses, 3PLs, suppliers

Margin pricing:
  jne pricing reprice [--json]           recompute every selling price from its cost basis (one set-based statement)
  jne pricing preview --cost X [--category SLUG|ID] [--supplier CODE] [--json]
                                         the price for a cost and the rule that wins
  jne pricing rules [--json]             the pricing rules in precedence order
  jne pricing explain SKU [--json]       a product's sources and which keep the margin, its cost basis,
                                         winning rule, price and price change log
  jne pricing check-stale [--json]       reprice the products whose supplier feed went stale

Shop:
  jne users create --email E --password P --role admin|staff [--name N]
                                         a back-office user (argon2 password hash)
  jne tokens create --name N --role admin|staff [--expires-days D] [--quiet]
                                         a long-lived API token (shown once, stored as sha256)
  jne tokens list                        API tokens with role, state and last use
  jne tokens revoke ID|PREFIX            revoke an API token
  jne seed --demo [--admin-password P]   fill an empty shop with the demo catalog; prints the admin login
  jne smoke --url URL [--token T] [--order]
                                         the runbook's smoke tests (health, products, categories,
                                         suppliers with the token or JNE_TOKEN, a test order that is
                                         cancelled in the same run, which needs the token); exit 1 on a failure

Supplier orders:
  jne worker                             the dispatch workers and the scheduled performance recompute, no API; until Ctrl-C
  jne supplier-orders purchase-order ID [--format csv|html] [--out FILE|-]
                                         a supplier order's purchase order (for a manual supplier) as
                                         PO-<reference>.csv or a printable .html in this folder, FILE,
                                         or (-) on stdout
  jne supplier-sim [--port N] [--accept-rate R] [--fail-rate F] [--timeout-rate T] [--latency MS]
                   [--ship-after S|never] [--webhook-url URL --webhook-secret S] [--api-key K] [--catalog-size N]
                                         a simulated supplier (DESIGN §7) on loopback: takes orders at
                                         <url>/orders, serves <url>/catalog.csv, calls the shop's webhook
  jne supplier-orders import-tracking --supplier CODE FILE [--json]
                                         a supplier's tracking file (CSV: reference, carrier, tracking_number,
                                         tracking_url, shipped_at, lines as SKU:QTY;SKU:QTY): each row a parcel;
                                         report of applied/unchanged/rejected rows by line; exit 2 if unreadable
  jne supplier-orders mark ID --status S [--reference R] [--carrier C --tracking N [--tracking-url U]
                   [--shipped-at T] [--lines SKU:QTY;...]] [--note T] [--json]
                                         mark a supplier order by hand (submitted, acknowledged, partially_shipped,
                                         shipped, delivered, cancelled); exit 1 if the state machine refuses
  jne supplier-orders reroute ID [--json]
                                         the lines of a rejected, failed or cancelled supplier order go to
                                         their next best sources (own stock or another supplier); prints each
                                         line's new source, or why nothing can fill it (marked unfulfillable)

Supplier performance and alarms:
  jne performance recompute [--supplier CODE] [--json]
                                         recompute every period (7d, 30d, 90d, months) of every supplier, or one
  jne performance show [--supplier CODE] [--period 30d|7d|90d|YYYY-MM] [--json]
                                         the figures and ratings side by side, or one supplier's with its orders
  jne alerts [--all] [--json]            the open alarms (--all: resolved ones too), newest first
  jne alerts evaluate [--json]           evaluate the alarm rules now: new ones open, gone ones resolve
  jne alerts ack ID                      acknowledge an alarm (it stays open until its cause goes away)

Reports:
  jne report profit --from YYYY-MM-DD --to YYYY-MM-DD [--group-by supplier|category|product] [--csv | --json]
                                         revenue, costs, shared fees and margin of the orders placed in
                                         those days (UTC), as recorded with each allocation

Routing:
  jne routing what-if --from YYYY-MM-DD --to YYYY-MM-DD (--pause-supplier CODE | --fee CODE=AMOUNT |
                   --shipping CODE=flat:AMOUNT|per_item:AMOUNT|free_over:AMOUNT:THRESHOLD | --rating-floor R|off |
                   --pricing-rule ID [--markup-type T] [--markup-value V] [--min-margin P] [--rounding R]) [--json]
                                         the orders placed in the range replayed through today's routing with
                                         one change: lines that move, deltas in cost, margin and lead time;
                                         writes nothing

Configuration comes from the environment: DATABASE_URL (unset: embedded database in DATA_DIR, default ./data).`;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      io.out(HELP);
      return command ? EXIT.ok : EXIT.usage;
    }
    const config = loadConfig(io.env, io.cwd);
    // Each command's module is imported when that command runs: importing all of them (the
    // worker's job queue and app, the simulator's server, every domain) cost every command about
    // 0.6 s of CPU before it did anything.
    switch (command) {
      case 'db':
        return await (await import('./db.js')).dbCommand(rest, config, io);
      case 'catalog':
        return await (await import('./catalog.js')).catalogCommand(rest, config, io);
      case 'users':
        return await (await import('./users.js')).usersCommand(rest, config, io);
      case 'tokens':
        return await (await import('./tokens.js')).tokensCommand(rest, config, io);
      case 'seed':
        return await (await import('./seed.js')).seedCommand(rest, config, io);
      case 'smoke':
        return await (await import('./smoke.js')).smokeCommand(rest, io);
      case 'stock':
        return await (await import('./stock.js')).stockCommand(rest, config, io);
      case 'pricing':
        return await (await import('./pricing.js')).pricingCommand(rest, config, io);
      case 'worker':
        return await (await import('./worker.js')).workerCommand(rest, config, io);
      case 'supplier-orders':
        return await (await import('./supplier-orders.js')).supplierOrdersCommand(rest, config, io);
      case 'performance':
        return await (await import('./performance.js')).performanceCommand(rest, config, io);
      case 'alerts':
        return await (await import('./alerts.js')).alertsCommand(rest, config, io);
      case 'report':
        return await (await import('./report.js')).reportCommand(rest, config, io);
      case 'routing':
        return await (await import('./routing.js')).routingCommand(rest, config, io);
      case 'supplier-sim':
        return await (await import('./supplier-sim.js')).supplierSimCommand(rest, io);
      default:
        throw new UsageError(`Unknown command "${command}". Run \`jne help\` for the list.`);
    }
  } catch (error) {
    return reportError(error, io);
  }
}

export function reportError(error: unknown, io: CliIO): number {
  if (error instanceof UsageError || error instanceof ConfigError) {
    io.err(`error: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof MigrationError) {
    io.err(`error: ${error.message}`);
    return error.isTemporary ? EXIT.tryLater : EXIT.failed;
  }
  if (error instanceof DomainError) {
    io.err(`error: ${error.message}`);
    return error instanceof InvalidInputError ? EXIT.usage : EXIT.failed;
  }
  const fields = databaseError(error);
  const meaning = fields && meaningOf(fields);
  if (meaning) {
    // A database rule the input broke (a duplicate e-mail, a check), or a busy database: say which.
    io.err(`error: ${meaning.message}`);
    return meaning.kind === 'busy' || meaning.kind === 'unavailable' ? EXIT.tryLater : EXIT.failed;
  }
  if (error instanceof DataDirBusyError) {
    io.err(`error: ${error.message}`);
    return EXIT.tryLater;
  }
  io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failed;
}
