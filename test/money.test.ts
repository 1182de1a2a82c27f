/** Exact comparison of decimal amounts, without binary floats. */
import { describe, expect, it } from 'vitest';
import { compareDecimal } from '../src/money.js';

describe('compareDecimal', () => {
  it('compares amounts of any scale exactly', () => {
    expect(compareDecimal('19.99', '19.990')).toBe(0);
    expect(compareDecimal('0.1', '0.10')).toBe(0);
    expect(compareDecimal('10', '9.99')).toBe(1);
    expect(compareDecimal('9.999', '10')).toBe(-1);
    expect(compareDecimal('9007199254740993.01', '9007199254740993.02')).toBe(-1);
    expect(() => compareDecimal('-1', '1')).toThrow('"-1" is not a decimal amount');
  });
});
