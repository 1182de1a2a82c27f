/** The performance periods the console offers (the API also takes calendar months). */
export const PERIODS = ['7d', '30d', '90d'] as const;
export type Period = (typeof PERIODS)[number];

/** A figure and its unit: joined by a no-break space, so a line never breaks between them. */
const UNIT_SPACE = '\u00a0';

/** "0.9350" -> "93.5 %"; null: no data, never shown as 0. */
export function percent(rate: string | null): string {
  if (rate === null) return '—';
  const [whole = '0', fraction = ''] = rate.split('.');
  const basisPoints = Number(whole) * 10000 + Number(fraction.padEnd(4, '0').slice(0, 4));
  return `${(basisPoints / 100).toFixed(1)}${UNIT_SPACE}%`;
}

export function hours(value: string | null): string {
  return value === null ? '—' : `${value}${UNIT_SPACE}h`;
}
