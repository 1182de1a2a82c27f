/**
 * Money on screen. Amounts arrive as decimal strings ("19.99") and are shown from the string;
 * the only arithmetic here (cart preview, discount badge) is on integer cents. The server's
 * totals are the truth for anything that is charged.
 */

const symbols: Record<string, string> = { EUR: '€', USD: '$', GBP: '£', CHF: 'CHF ' };

/** "19.99" -> 1999, "5" -> 500, "0.5" -> 50. Throws on anything else. */
export function toCents(amount: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`Not a money amount: "${amount}"`);
  const [, sign, whole = '0', fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

/** Whether a value is a money amount as a decimal string ("19.99", "5"). */
export function isAmount(value: unknown): value is string {
  return typeof value === 'string' && /^-?\d+(\.\d{1,2})?$/.test(value.trim());
}

/** 1999 -> "19.99" */
export function fromCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * "1234.5" in EUR -> "€1,234.50" (grouping added to the string's digits, no float rounding). A
 * supplier cost may carry more decimals ("12.3450"): they are kept, trailing zeros after the
 * second dropped ("€12.345"), never rounded away.
 */
export function formatMoney(amount: string, currency = 'EUR'): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return `${amount} ${currency}`;
  const [, sign, digits = '0', decimals = ''] = match;
  const whole = digits.replace(/^0+(?=\d)/, '');
  const fraction = decimals.padEnd(2, '0').replace(/(?<=\d{2})0+$/, '');
  const negative = sign === '-' && /[1-9]/.test(whole + fraction);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = symbols[currency] ?? `${currency} `;
  return `${negative ? '-' : ''}${symbol}${grouped}.${fraction}`;
}

/** Whole percent saved against the compare-at price, or null when there is no real saving. */
export function discountPercent(price: string, compareAt: string | null): number | null {
  if (!compareAt) return null;
  try {
    const p = toCents(price);
    const c = toCents(compareAt);
    if (c <= 0 || p >= c) return null;
    return Math.floor(((c - p) * 100) / c);
  } catch {
    return null;
  }
}

/** compareAt - price as a decimal string, or null. */
export function savings(price: string, compareAt: string | null): string | null {
  if (!compareAt) return null;
  try {
    const diff = toCents(compareAt) - toCents(price);
    return diff > 0 ? fromCents(diff) : null;
  } catch {
    return null;
  }
}
