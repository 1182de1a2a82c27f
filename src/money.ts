/**
 * Money stays a decimal string in TypeScript ("19.99"); arithmetic happens in SQL on NUMERIC.
 * The only thing TypeScript does with amounts is compare them, exactly, as scaled integers.
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
