/**
 * `jne report profit --from DAY --to DAY [--group-by supplier|category|product] [--csv | --json]`:
 * the profit report of GET /api/reports/profit, as a table, CSV (for a spreadsheet) or JSON.
 */
import type { Config } from '../config.js';
import { csvRecord, csvText } from '../csv.js';
import { parseRange, profitReport } from '../profit/report.js';
import { REPORT_GROUPS, type ProfitReportView, type ReportGroup, type ReportRowView } from '../profit/schemas.js';
import { parseOptions } from './args.js';
import { withDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import { UsageError, type CliIO } from './io.js';
import { printColumns } from './table.js';

const USAGE =
  'jne report profit --from YYYY-MM-DD --to YYYY-MM-DD [--group-by supplier|category|product] [--csv | --json]';

export async function reportCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'profit') throw new UsageError(`Usage: ${USAGE}`);
  const { values, positionals } = parseOptions(
    'jne report profit',
    rest,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      'group-by': { type: 'string' },
      csv: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    ['from', 'to'],
  );
  if (positionals.length > 0) throw new UsageError(`Usage: ${USAGE}`);
  if (values.csv && values.json) throw new UsageError('jne report profit: --csv or --json, not both');
  const groupBy = values['group-by'] ?? 'supplier';
  if (!(REPORT_GROUPS as readonly string[]).includes(groupBy)) {
    throw new UsageError(`--group-by: must be ${REPORT_GROUPS.join(', ')}, got "${groupBy}"`);
  }
  const range = parseRange(values.from!, values.to!, { from: '--from', to: '--to' });
  return withDatabase(config, 'jne report profit', io, async (db) => {
    const report = await profitReport(db, range, groupBy as ReportGroup);
    if (values.json) io.out(JSON.stringify(report));
    else if (values.csv) io.out(reportCsv(report).trimEnd());
    else printReport(report, io);
    return EXIT.ok;
  });
}

const COLUMNS = [
  'key',
  'label',
  'orders',
  'lines',
  'units',
  'revenue',
  'cost',
  'fee_share',
  'shipping_share',
  'margin',
  'margin_percent',
  'units_without_cost',
  'units_not_recorded',
] as const;

/** Every figure as the API has it (decimal strings, empty where unknown); text cells never run as formulas. */
export function reportCsv(report: ProfitReportView): string {
  const rows = report.rows.map((r) => [csvText(r.key), csvText(r.label), ...figures(r, '')]);
  return [[...COLUMNS], ...rows].map(csvRecord).join('');
}

function figures(r: ReportRowView, unknown: string): string[] {
  return [
    String(r.orders),
    String(r.lines),
    String(r.units),
    r.revenue ?? unknown,
    r.cost ?? unknown,
    r.feeShare ?? unknown,
    r.shippingShare ?? unknown,
    r.margin ?? unknown,
    r.marginPercent ?? unknown,
    String(r.unitsWithoutCost),
    String(r.unitsNotRecorded),
  ];
}

function printReport(report: ProfitReportView, io: CliIO): void {
  io.out(`Profit of the orders placed ${report.from} to ${report.to} (UTC), by ${report.groupBy}:`);
  if (report.rows.length === 0) {
    io.out('No allocated order lines in this range.');
    return;
  }
  const head = [report.groupBy, ...COLUMNS.slice(2).map((c) => c.replace(/_/g, ' '))];
  printColumns([head, ...report.rows.map((r) => [r.key, ...figures(r, '-')])], io);
}
