/**
 * Checks of integration settings that a JSON schema cannot express: cron expressions, IANA time
 * zones and ISO currency codes (both via Intl), and the rules between fields (an 'api' supplier
 * needs an endpoint, an 'email' supplier an order address, a feed its location).
 */
import type { FieldProblem } from '../errors.js';
import { CATALOG_FIELDS, type SupplierSettings } from './types.js';

const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** Why a 5-field cron expression is invalid, or undefined if it is valid. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return `must have 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  for (const [i, part] of parts.entries()) {
    const field = CRON_FIELDS[i]!;
    for (const item of part.split(',')) {
      const m = /^(\*|([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?)(?:\/(\d+))?$/.exec(item);
      if (!m) return `${field.name} "${item}" is not a value, range, list or step`;
      const values = [m[2], m[3]].filter((v): v is string => v !== undefined).map((v) => cronValue(v, field));
      if (values.some((v) => v === undefined)) {
        return `${field.name} "${item}" is out of range ${field.min}-${field.max}`;
      }
      const [from, to] = values as number[];
      if (from !== undefined && to !== undefined && from > to) return `${field.name} range "${item}" runs backwards`;
      if (m[4] !== undefined && Number(m[4]) === 0) return `${field.name} step "${item}" must not be 0`;
    }
  }
  return undefined;
}

function cronValue(v: string, field: (typeof CRON_FIELDS)[number]): number | undefined {
  const named = field.names?.indexOf(v.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + (field.min === 1 ? 1 : 0) : /^\d+$/.test(v) ? Number(v) : NaN;
  return n >= field.min && n <= field.max ? n : undefined;
}

/** The canonical IANA name of a time zone, or undefined if Intl does not know it. */
export function canonicalTimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

let currencies: Set<string> | undefined;
export function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

/** Every problem of a supplier's complete settings (after a PATCH is merged into the stored row). */
export function settingsProblems(s: SupplierSettings, hasCredentials: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (s.catalogSyncSchedule !== null) {
    const why = cronProblem(s.catalogSyncSchedule);
    if (why) add('/catalogSyncSchedule', `is not a cron expression: ${why}`);
    if (s.catalogFeedMethod === 'upload') add('/catalogSyncSchedule', 'cannot be set for catalogFeedMethod upload');
  }
  if (canonicalTimeZone(s.orderCutoffTimezone) === undefined) {
    add('/orderCutoffTimezone', `"${s.orderCutoffTimezone}" is not an IANA time zone like Europe/Berlin`);
  }
  if (!isCurrency(s.currency)) add('/currency', `"${s.currency}" is not an ISO 4217 currency code`);

  if (s.orderMethod === 'api' && s.apiEndpoint === null) add('/apiEndpoint', 'is required when orderMethod is api');
  if (s.orderMethod === 'api' && !hasCredentials) add('/apiCredentials', 'are required when orderMethod is api');
  if (s.orderMethod === 'email' && s.orderEmail === null) add('/orderEmail', 'is required when orderMethod is email');
  if (s.orderMethod === 'manual' && s.autoSubmit) add('/autoSubmit', 'cannot be true when orderMethod is manual');
  if (s.liveStockCheck && s.orderMethod !== 'api') add('/liveStockCheck', 'needs orderMethod api (it asks the API)');

  const location = s.catalogFeedLocation;
  if (s.catalogFeedMethod !== 'upload' && location === null) {
    add('/catalogFeedLocation', `is required when catalogFeedMethod is ${s.catalogFeedMethod}`);
  } else if (location !== null) {
    const expected: Record<string, RegExp> = {
      url: /^https?:\/\/\S+$/,
      api: /^https?:\/\/\S+$/,
      sftp: /^sftp:\/\/[^/\s]+\/\S*$/,
      folder: /^\/\S*/,
    };
    const pattern = expected[s.catalogFeedMethod];
    if (pattern && !pattern.test(location)) {
      const example = { url: 'https://…', api: 'https://…', sftp: 'sftp://host/path', folder: '/absolute/path' }[
        s.catalogFeedMethod as 'url'
      ];
      add('/catalogFeedLocation', `must look like ${example} for catalogFeedMethod ${s.catalogFeedMethod}`);
    }
  }
  for (const key of Object.keys(s.catalogColumnMapping)) {
    if (!(CATALOG_FIELDS as readonly string[]).includes(key)) {
      add(`/catalogColumnMapping/${key}`, `is not a catalog field; use ${CATALOG_FIELDS.join(', ')}`);
    }
  }
  problems.push(...shippingRuleProblems(s.shippingCostRule, '/shippingCostRule'));
  return problems;
}

/** What is wrong with a shipping cost rule beyond its schema: a threshold exactly for free_over. */
export function shippingRuleProblems(
  rule: { type: string; threshold?: string | undefined },
  path: string,
): FieldProblem[] {
  if (rule.type === 'free_over' && rule.threshold === undefined) {
    return [{ path: `${path}/threshold`, message: 'is required for type free_over' }];
  }
  if (rule.type !== 'free_over' && rule.threshold !== undefined) {
    return [{ path: `${path}/threshold`, message: `only applies to type free_over, not ${rule.type}` }];
  }
  return [];
}
