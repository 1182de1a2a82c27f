/**
 * Exact money arithmetic for routing decisions: decimal strings become integers in units of
 * 1/10000 (costs have 4 decimals), summed and compared as BigInt, and turned back into decimal
 * strings. No binary float ever touches an amount.
 */
const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export type Units = bigint;

export function toUnits(decimal: string): Units {
  const m = DECIMAL.exec(decimal.trim());
  if (!m) throw new RangeError(`"${decimal}" is not a decimal amount`);
  const fraction = (m[3] ?? '').padEnd(SCALE, '0');
  if (fraction.length > SCALE && /[1-9]/.test(fraction.slice(SCALE))) {
    throw new RangeError(`"${decimal}" has more than ${SCALE} decimals`);
  }
  const value = BigInt(m[2]!) * FACTOR + BigInt(fraction.slice(0, SCALE));
  return m[1] === '-' ? -value : value;
}

export function fromUnits(units: Units, decimals = 4): string {
  const negative = units < 0n;
  let abs = negative ? -units : units;
  // Round half up to the requested decimals.
  const drop = 10n ** BigInt(SCALE - decimals);
  abs = (abs + drop / 2n) / drop;
  const factor = 10n ** BigInt(decimals);
  const whole = abs / factor;
  const fraction = (abs % factor).toString().padStart(decimals, '0');
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** a / n rounded half up, for sharing a fee over n lines. */
export function divideUnits(a: Units, n: number): Units {
  const d = BigInt(n);
  return (a * 2n + d) / (2n * d);
}
