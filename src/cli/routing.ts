/**
 * `jne routing what-if --from DAY --to DAY <one change> [--json]`: the routing what-if of
 * POST /api/routing/what-if from the terminal, printed as tables. The change is one of
 *   --pause-supplier CODE
 *   --fee CODE=AMOUNT                           the supplier's per-order fee
 *   --shipping CODE=flat:AMOUNT | CODE=per_item:AMOUNT | CODE=free_over:AMOUNT:THRESHOLD
 *   --rating-floor RATING|off
 *   --pricing-rule ID [--markup-type T] [--markup-value V] [--min-margin P] [--rounding R]
 * It reads in a READ ONLY transaction, like the route.
 */
import type { Config } from '../config.js';
import { inReadOnlyTransaction } from '../db/transaction.js';
import { parseRange } from '../profit/report.js';
import type { WhatIfChange, WhatIfResult } from '../routing/what-if/schemas.js';
import { answerWhatIf, gatherWhatIf } from '../routing/what-if/service.js';
import { parseOptions } from './args.js';
import { printColumns } from './table.js';
import { withDatabase } from './database.js';
import { EXIT } from './exit-codes.js';
import { UsageError, type CliIO } from './io.js';

const USAGE =
  'jne routing what-if --from YYYY-MM-DD --to YYYY-MM-DD (--pause-supplier CODE | --fee CODE=AMOUNT | ' +
  '--shipping CODE=flat:AMOUNT|per_item:AMOUNT|free_over:AMOUNT:THRESHOLD | --rating-floor RATING|off | ' +
  '--pricing-rule ID [--markup-type percent|fixed|multiplier] [--markup-value V] [--min-margin P] ' +
  '[--rounding none|0.99|0.95|0.90|whole]) [--json]';

const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;
const DECIMAL = /^\d{1,8}(\.\d{1,4})?$/;
const SUPPLIER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

const CHANGE_OPTIONS = ['pause-supplier', 'fee', 'shipping', 'rating-floor', 'pricing-rule'] as const;

export async function routingCommand(argv: string[], config: Config, io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'what-if') throw new UsageError(`Usage: ${USAGE}`);
  const { values, positionals } = parseOptions(
    'jne routing what-if',
    rest,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      'pause-supplier': { type: 'string' },
      fee: { type: 'string' },
      shipping: { type: 'string' },
      'rating-floor': { type: 'string' },
      'pricing-rule': { type: 'string' },
      'markup-type': { type: 'string' },
      'markup-value': { type: 'string' },
      'min-margin': { type: 'string' },
      rounding: { type: 'string' },
      json: { type: 'boolean' },
    },
    ['from', 'to'],
  );
  if (positionals.length > 0) throw new UsageError(`Usage: ${USAGE}`);
  parseRange(values.from!, values.to!, { from: '--from', to: '--to' });
  const change = changeOf(values);
  const request = { from: values.from!, to: values.to!, change };
  return withDatabase(config, 'jne routing what-if', io, async (db) => {
    const facts = await inReadOnlyTransaction(db, (trx) => gatherWhatIf(trx, request));
    const result = await answerWhatIf(facts, config.routing.ratingFloor);
    if (values.json) io.out(JSON.stringify(result));
    else printResult(result, io);
    return EXIT.ok;
  });
}

type Values = Partial<
  Record<(typeof CHANGE_OPTIONS)[number] | 'markup-type' | 'markup-value' | 'min-margin' | 'rounding', string>
>;

function changeOf(values: Values): WhatIfChange {
  const given = CHANGE_OPTIONS.filter((name) => values[name] !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      `jne routing what-if needs exactly one change (${CHANGE_OPTIONS.map((o) => `--${o}`).join(', ')}), got ${given.length}`,
    );
  }
  const pricingOnly = (['markup-type', 'markup-value', 'min-margin', 'rounding'] as const).filter(
    (o) => values[o] !== undefined,
  );
  if (given[0] !== 'pricing-rule' && pricingOnly.length > 0) {
    throw new UsageError(`--${pricingOnly[0]} goes with --pricing-rule`);
  }
  switch (given[0]!) {
    case 'pause-supplier':
      return { kind: 'supplier_paused', supplier: supplierCode(values['pause-supplier']!, '--pause-supplier') };
    case 'fee': {
      const [code, amount] = split(values.fee!, '--fee', 'CODE=AMOUNT');
      return {
        kind: 'supplier_fee',
        supplier: supplierCode(code, '--fee'),
        perOrderFee: checked(amount, AMOUNT, '--fee'),
      };
    }
    case 'shipping': {
      const [code, rule] = split(values.shipping!, '--shipping', 'CODE=flat:AMOUNT');
      return {
        kind: 'supplier_shipping',
        supplier: supplierCode(code, '--shipping'),
        shippingRule: shippingRule(rule),
      };
    }
    case 'rating-floor': {
      const floor = values['rating-floor']!;
      if (floor === 'off') return { kind: 'rating_floor', floor: null };
      if (!/^[0-5](\.\d{1,2})?$/.test(floor)) {
        throw new UsageError(`--rating-floor must be a rating from 0 to 5 like 3.5, or off; got "${floor}"`);
      }
      return { kind: 'rating_floor', floor };
    }
    case 'pricing-rule':
      return pricingChange(values);
  }
}

function pricingChange(values: Values): WhatIfChange {
  const id = values['pricing-rule']!;
  if (!/^[1-9]\d{0,15}$/.test(id)) throw new UsageError(`--pricing-rule must be a rule id, got "${id}"`);
  const markupType = values['markup-type'];
  if (markupType !== undefined && !['percent', 'fixed', 'multiplier'].includes(markupType)) {
    throw new UsageError(`--markup-type must be percent, fixed or multiplier, got "${markupType}"`);
  }
  const rounding = values.rounding;
  if (rounding !== undefined && !['none', '0.99', '0.95', '0.90', 'whole'].includes(rounding)) {
    throw new UsageError(`--rounding must be none, 0.99, 0.95, 0.90 or whole, got "${rounding}"`);
  }
  const change: WhatIfChange = { kind: 'pricing_rule', ruleId: Number(id) };
  if (markupType !== undefined) change.markupType = markupType as 'percent' | 'fixed' | 'multiplier';
  if (values['markup-value'] !== undefined)
    change.markupValue = checked(values['markup-value'], DECIMAL, '--markup-value');
  if (values['min-margin'] !== undefined) {
    change.minMarginPercent = checked(values['min-margin'], /^\d{1,2}(\.\d{1,2})?$/, '--min-margin');
  }
  if (rounding !== undefined) change.rounding = rounding as NonNullable<typeof change.rounding>;
  if (Object.keys(change).length === 2) {
    throw new UsageError(
      '--pricing-rule needs what changes: --markup-type, --markup-value, --min-margin or --rounding',
    );
  }
  return change;
}

function split(value: string, option: string, form: string): [string, string] {
  const at = value.indexOf('=');
  if (at <= 0) throw new UsageError(`${option} must be ${form}, got "${value}"`);
  return [value.slice(0, at), value.slice(at + 1)];
}

function supplierCode(code: string, option: string): string {
  if (!SUPPLIER.test(code)) throw new UsageError(`${option}: "${code}" is not a supplier code`);
  return code;
}

function checked(value: string, pattern: RegExp, option: string): string {
  if (!pattern.test(value)) throw new UsageError(`${option}: "${value}" is not an amount like 2.50`);
  return value;
}

function shippingRule(text: string): Extract<WhatIfChange, { kind: 'supplier_shipping' }>['shippingRule'] {
  const [type, amount, threshold, ...more] = text.split(':');
  const bad = () =>
    new UsageError(
      `--shipping must be CODE=flat:AMOUNT, CODE=per_item:AMOUNT or CODE=free_over:AMOUNT:THRESHOLD, got "${text}"`,
    );
  if (more.length > 0 || amount === undefined || !AMOUNT.test(amount)) throw bad();
  if (type === 'free_over') {
    if (threshold === undefined || !AMOUNT.test(threshold)) throw bad();
    return { type, amount, threshold };
  }
  if ((type === 'flat' || type === 'per_item') && threshold === undefined) return { type, amount };
  throw bad();
}

function printResult(r: WhatIfResult, io: CliIO): void {
  io.out(`What-if: ${describeChange(r.change)}; orders placed ${r.range.from} to ${r.range.to}.`);
  io.out(`${r.orders} order(s), ${r.lines} line(s) replayed (at most ${r.maxOrders} orders); ${r.moved} line(s) move.`);
  if (r.moves.length > 0) {
    io.out('');
    printColumns(
      [['from', 'to', 'lines', 'units'], ...r.moves.map((m) => [m.from, m.to, String(m.lines), String(m.units)])],
      io,
    );
  }
  io.out('');
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  const plus = (d: string) => (d.startsWith('-') || /^0(\.0+)?$/.test(d) ? d : `+${d}`);
  const { asIs, withChange, delta } = r;
  printColumns(
    [
      ['', 'as is', 'with change', 'delta'],
      ['lines filled', String(asIs.lines), String(withChange.lines), signed(withChange.lines - asIs.lines)],
      [
        'unfulfillable',
        String(asIs.unfulfillable),
        String(withChange.unfulfillable),
        signed(withChange.unfulfillable - asIs.unfulfillable),
      ],
      ['revenue', asIs.revenue, withChange.revenue, plus(delta.revenue)],
      ['cost', asIs.cost, withChange.cost, plus(delta.cost)],
      ['margin', asIs.margin, withChange.margin, plus(delta.margin)],
      ['lead days', String(asIs.leadDays), String(withChange.leadDays), signed(delta.leadDays)],
    ],
    io,
  );
  io.out(
    `Per line replayed: cost ${plus(delta.perLine.cost)}, margin ${plus(delta.perLine.margin)}; ` +
      `lead time ${plus(delta.perLine.leadDays)} days per line filled both ways.`,
  );
  if (r.examples.length > 0) {
    io.out('\nMoved lines (the first ones):');
    for (const e of r.examples) io.out(`  ${e.order} line ${e.line} ${e.sku}: ${e.from} -> ${e.to}. ${e.reason}`);
  }
  io.out('\nAssumptions:');
  for (const a of r.assumptions) io.out(`  - ${a}`);
}

function describeChange(c: WhatIfChange): string {
  switch (c.kind) {
    case 'supplier_paused':
      return `supplier ${c.supplier.toUpperCase()} paused`;
    case 'supplier_fee':
      return `supplier ${c.supplier.toUpperCase()} per-order fee ${c.perOrderFee}`;
    case 'supplier_shipping':
      return `supplier ${c.supplier.toUpperCase()} shipping ${c.shippingRule.type} ${c.shippingRule.amount}${c.shippingRule.threshold ? ` under ${c.shippingRule.threshold}` : ''}`;
    case 'rating_floor':
      return c.floor === null ? 'no rating floor' : `rating floor ${c.floor}`;
    case 'pricing_rule': {
      const fields = [
        c.markupType && `markup type ${c.markupType}`,
        c.markupValue && `markup ${c.markupValue}`,
        c.minMarginPercent && `minimum margin ${c.minMarginPercent} %`,
        c.rounding && `rounding ${c.rounding}`,
      ].filter(Boolean);
      return `pricing rule ${c.ruleId} with ${fields.join(', ')}`;
    }
  }
}
