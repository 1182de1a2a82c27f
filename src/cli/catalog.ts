/**
 * `jne catalog ...`: supplier catalog import, linking and draft products. Exit codes: 0 done,
 * 1 the feed was refused by the guard or the import failed, 2 bad usage (options, unknown
 * supplier or product, unreadable feed), 75 the embedded database is in use.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openFeed } from '../catalog-import/feed-source.js';
import { createDrafts, linkSupplierItem, unlinkedItems } from '../catalog-import/links.js';
import { importCatalog } from '../catalog-import/job.js';
import type { ImportReport, Progress } from '../catalog-import/types.js';
import type { Config } from '../config.js';
import { openDatabase } from '../db/database.js';
import { EXIT } from './exit-codes.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { processIO, UsageError, type CliIO } from './io.js';
import { inTransaction } from '../db/transaction.js';

const USAGE = {
  import:
    'jne catalog import --supplier CODE FILE|URL [--format csv|json] [--mode full|delta] [--force] [--create-drafts] [--json]',
  link: 'jne catalog link --supplier CODE SUPPLIER_SKU PRODUCT_SKU',
  unlinked: 'jne catalog unlinked --supplier CODE [--limit N] [--json]',
  'create-drafts': 'jne catalog create-drafts --supplier CODE [--json]',
} as const;

const OPTIONS = {
  supplier: { type: 'string' },
  format: { type: 'string' },
  mode: { type: 'string' },
  force: { type: 'boolean' },
  'create-drafts': { type: 'boolean' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const PRINTED_REJECTIONS = 20;

export async function catalogCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || !(sub in USAGE)) {
    throw new UsageError(`Unknown command "jne catalog ${sub ?? ''}". Run \`jne help\` for the list.`);
  }
  const usage = USAGE[sub as keyof typeof USAGE];
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: ${usage}`);
  }
  const o = parsed.values;
  const args = parsed.positionals;
  if (!o.supplier) throw new UsageError(`--supplier CODE is required\nusage: ${usage}`);
  const expected = sub === 'import' ? 1 : sub === 'link' ? 2 : 0;
  if (args.length !== expected) throw new UsageError(`wrong number of arguments\nusage: ${usage}`);
  const supplier = { code: o.supplier };

  const database = await openDatabase(config, { command: `jne catalog ${sub}`, notice: io.err });
  try {
    switch (sub) {
      case 'import': {
        const format = oneOf(o.format, ['csv', 'json'] as const, '--format');
        const mode = oneOf(o.mode, ['full', 'delta'] as const, '--mode') ?? 'full';
        const feed = await openFeed(args[0]!, format, {
          connectTimeoutMs: config.catalogImport.feedConnectTimeoutMs,
          totalTimeoutMs: config.catalogImport.feedTimeoutMs,
          maxBytes: config.catalogImport.feedMaxBytes,
          allowPrivateHosts: config.catalogImport.feedAllowPrivateHosts,
        });
        const progress = o.json ? undefined : progressPrinter(io);
        let report: ImportReport;
        try {
          report = await importCatalog(database, {
            supplier,
            feed,
            mode,
            force: o.force === true,
            createDrafts: o['create-drafts'] === true,
            guard: {
              unavailableShare: config.catalogImport.guardUnavailableShare,
              costFactor: config.catalogImport.guardCostFactor,
              costShare: config.catalogImport.guardCostShare,
            },
            ...(progress ? { onProgress: progress.update } : {}),
          });
        } finally {
          progress?.stop();
        }
        if (o.json) io.out(JSON.stringify(report));
        else printReport(report, io);
        return report.status === 'completed' ? EXIT.ok : EXIT.failed;
      }
      case 'link': {
        const result = await inTransaction(database.db, (trx) => linkSupplierItem(trx, supplier, args[0]!, args[1]!));
        io.out(`Linked ${supplier.code.toUpperCase()} ${args[0]} to product ${args[1]}; ${result.repriced} repriced.`);
        return EXIT.ok;
      }
      case 'unlinked': {
        const limit = Number(o.limit ?? 100);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError('--limit takes 1 to 100000');
        const page = await unlinkedItems(database.db, supplier, { limit, offset: 0 });
        if (o.json) io.out(JSON.stringify(page));
        else {
          io.out(
            `${page.total} unlinked item(s) of ${page.supplierCode}${page.total > limit ? ` (first ${limit})` : ''}:`,
          );
          for (const item of page.items) {
            io.out(
              `  ${item.supplierSku}\t${item.gtin ?? '-'}\t${item.costPrice}\t${item.isAvailable ? '' : '(unavailable) '}${item.name ?? ''}`,
            );
          }
        }
        return EXIT.ok;
      }
      default: {
        const result = await inTransaction(database.db, (trx) => createDrafts(trx, supplier));
        if (o.json) io.out(JSON.stringify(result));
        else io.out(`Created ${result.created} draft product(s); ${result.repriced} priced by the pricing rules.`);
        return EXIT.ok;
      }
    }
  } catch (error) {
    // Unknown supplier or product, or a feed that cannot be read: the operator's input.
    if (error instanceof NotFoundError || error instanceof InvalidInputError) {
      io.err(`error: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    await database.close();
  }
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} takes ${allowed.join(' or ')}`);
  return value as T;
}

/** A bar on a terminal; elsewhere (logs, pipes) a plain line at most every 2 seconds. */
function progressPrinter(io: CliIO): { update(p: Progress): void; stop(): void } {
  if (io === processIO && process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'importing [{bar}] {percentage}% | {rows} rows | {mb} MB', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const total = p.totalBytes ?? Math.max(p.bytes, 1);
        const payload = { rows: p.rows, mb: (p.bytes / 1_048_576).toFixed(1) };
        if (!started) bar.start(total, p.bytes, payload);
        else bar.update(p.bytes, payload);
        started = true;
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      const finished = p.totalBytes !== undefined && p.bytes >= p.totalBytes;
      if (now - last < 2000 && !finished) return;
      last = now;
      const share = p.totalBytes ? ` (${Math.floor((p.bytes / p.totalBytes) * 100)} %)` : '';
      io.err(`progress: ${p.rows} rows read, ${(p.bytes / 1_048_576).toFixed(1)} MB${share}`);
    },
    stop: () => {},
  };
}

export function printReport(r: ImportReport, io: CliIO): void {
  io.out(`Catalog import #${r.importId} for ${r.supplierCode} (${r.mode}${r.forced ? ', forced' : ''}): ${r.status}`);
  if (r.message) io.out(`  ${r.status === 'refused' ? 'refused because' : 'message'}: ${r.message}`);
  const lines: [string, number | string][] = [
    ['rows read', r.rowsRead],
    ['inserted', r.inserted],
    ['updated', r.updated],
    ['unchanged', r.unchanged],
    ['rejected', r.rejected],
    ['marked unavailable', r.markedUnavailable],
    ['under stock buffer', `${r.underStockBuffer} (stock <= ${r.stockBuffer}: out of stock for routing)`],
    ['linked', r.linked],
    ['drafts created', r.draftsCreated],
    ['repriced', r.repriced],
  ];
  for (const [label, value] of lines) io.out(`  ${label.padEnd(19)} ${value}`);
  if (r.rejections.length > 0) {
    const more = r.rejections.length > PRINTED_REJECTIONS ? ` (first ${PRINTED_REJECTIONS}; all with --json)` : '';
    io.out(`Rejected rows${more}:`);
    for (const rej of r.rejections.slice(0, PRINTED_REJECTIONS)) io.out(`  line ${rej.line}: ${rej.reason}`);
  }
}
