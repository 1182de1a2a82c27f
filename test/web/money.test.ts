import { describe, expect, it } from 'vitest';
import { discountPercent, formatMoney, fromCents, isAmount, savings, toCents } from '../../web/src/money.js';

describe('web money', () => {
  it('reads decimal strings as integer cents and back', () => {
    expect(toCents('19.99')).toBe(1999);
    expect(toCents('5')).toBe(500);
    expect(toCents('0.5')).toBe(50);
    expect(toCents('-3.07')).toBe(-307);
    expect(fromCents(1999)).toBe('19.99');
    expect(fromCents(5)).toBe('0.05');
    expect(fromCents(-307)).toBe('-3.07');
    expect(() => toCents('1.999')).toThrow(/Not a money amount/);
    expect(() => toCents('1e3')).toThrow();
  });

  it('sums without binary float error', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in cents it is 30.
    expect(fromCents(toCents('0.10') + toCents('0.20'))).toBe('0.30');
    expect(fromCents(toCents('19.99') * 3)).toBe('59.97');
  });

  it('formats from the string with grouping and the currency sign', () => {
    expect(formatMoney('1234.5')).toBe('€1,234.50');
    expect(formatMoney('0.99', 'USD')).toBe('$0.99');
    expect(formatMoney('1000000', 'SEK')).toBe('SEK 1,000,000.00');
    expect(formatMoney('-2.5', 'GBP')).toBe('-£2.50');
    expect(formatMoney('nonsense', 'EUR')).toBe('nonsense EUR');
    // Supplier costs carry four decimals: kept, never rounded; trailing zeros after the second dropped.
    expect(formatMoney('20.0000')).toBe('€20.00');
    expect(formatMoney('12.3450')).toBe('€12.345');
    expect(formatMoney('1234.5678', 'USD')).toBe('$1,234.5678');
    expect(formatMoney('-0.00')).toBe('€0.00');
  });

  it('tells an amount from a missing or malformed price', () => {
    expect(isAmount('19.99')).toBe(true);
    expect(isAmount('0.00')).toBe(true);
    expect(isAmount(undefined)).toBe(false);
    expect(isAmount(null)).toBe(false);
    expect(isAmount('')).toBe(false);
    expect(isAmount('nonsense')).toBe(false);
  });

  it('computes the discount badge and the saving only for a real reduction', () => {
    expect(discountPercent('59.99', '119.99')).toBe(50);
    expect(discountPercent('79.00', '149.00')).toBe(46);
    expect(discountPercent('10.00', '10.00')).toBeNull();
    expect(discountPercent('12.00', '10.00')).toBeNull();
    expect(discountPercent('10.00', null)).toBeNull();
    expect(savings('59.99', '119.99')).toBe('60.00');
    expect(savings('10.00', '9.00')).toBeNull();
  });
});
