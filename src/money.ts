/**
 * Money stays a decimal string in TypeScript ("19.99"); arithmetic over many rows happens in SQL
 * on NUMERIC. Where TypeScript must compare or add amounts (a routing decision, a supplier
 * order's cost), it does so exactly, on scaled integers (BigInt): never on a binary float.
 */
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** -1, 0 or 1 as a < b, a = b, a > b; both non-negative decimal strings. */
export function compareDecimal(a: string, b: string): number {
  const [x, y] = [scaled(a), scaled(b)];
  const scale = Math.max(x.decimals, y.decimals);
  const ax = x.digits * 10n ** BigInt(scale - x.decimals);
  const by = y.digits * 10n ** BigInt(scale - y.decimals);
  return ax < by ? -1 : ax > by ? 1 : 0;
}

function scaled(value: string): { digits: bigint; decimals: number } {
  const m = DECIMAL.exec(value);
  if (!m) throw new RangeError(`"${value}" is not a decimal amount`);
  const fraction = m[2] ?? '';
  return { digits: BigInt(m[1]! + fraction), decimals: fraction.length };
}

// ---------------------------------------------------------------------------------------------
// Units: amounts as integers of 1/10000 (costs have 4 decimals), summed and compared as BigInt.
// ---------------------------------------------------------------------------------------------
const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);
const SIGNED_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export type Units = bigint;

export function toUnits(decimal: string): Units {
  const m = SIGNED_DECIMAL.exec(decimal.trim());
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
