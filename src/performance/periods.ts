/**
 * The periods of supplier performance: rolling windows of 7, 30 and 90 days ending today (UTC),
 * and calendar months. Routing reads the 30-day window (routing/latest-rating.ts).
 */
import { InvalidInputError } from '../errors.js';

export const ROLLING_DAYS = [7, 30, 90] as const;

export type Period = { kind: 'rolling'; label: string; days: number } | { kind: 'month'; label: string };

/** '7d', '30d', '90d' or 'YYYY-MM'; anything else is a 400 naming the field. */
export function parsePeriod(label: string, field = '/period'): Period {
  const rolling = /^(\d+)d$/.exec(label);
  if (rolling && (ROLLING_DAYS as readonly number[]).includes(Number(rolling[1]))) {
    return { kind: 'rolling', label, days: Number(rolling[1]) };
  }
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return { kind: 'month', label };
  throw InvalidInputError.field(field, `must be 7d, 30d, 90d or a month like 2026-11, got "${label}"`);
}
