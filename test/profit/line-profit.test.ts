/** The profit arithmetic of an order line, exact to the cent, on figures worked out by hand. */
import { describe, expect, it } from 'vitest';
import {
  lineProfit,
  lineRevenue,
  marginPercent,
  ownStockProfit,
  splitByRevenue,
  supplierOrderProfits,
  totalProfit,
} from '../../src/profit/line-profit.js';
import { toUnits } from '../../src/money.js';

const sum = (amounts: string[]) => amounts.reduce((s, a) => s + toUnits(a), 0n);

describe('splitByRevenue', () => {
  it('shares in proportion to revenue when the split is exact', () => {
    expect(splitByRevenue('6.00', ['10.00', '20.00', '30.00'])).toEqual(['1.00', '2.00', '3.00']);
  });

  it('gives the cents left over to the largest remainders, so the shares add up exactly', () => {
    // 1.00 over 3 equal lines: 33 each and one cent left, to the first line on the tie.
    expect(splitByRevenue('1.00', ['5.00', '5.00', '5.00'])).toEqual(['0.34', '0.33', '0.33']);
    // 4.99 by 19.99 : 5.00 : 0.01 (total 25.00): 399.0004, 99.8000, 0.1996 cents; floors 399 + 99 + 0,
    // one cent left: to the line with remainder 0.8 (the second).
    const shares = splitByRevenue('4.99', ['19.99', '5.00', '0.01']);
    expect(shares).toEqual(['3.99', '1.00', '0.00']);
    expect(sum(shares)).toBe(toUnits('4.99'));
  });

  it('adds up exactly for awkward figures', () => {
    const revenues = ['12.34', '0.99', '1000.00', '7.77', '3.33', '0.01', '45.60'];
    for (const total of ['0.00', '0.01', '0.07', '9.99', '13.37', '1234.56']) {
      const shares = splitByRevenue(total, revenues);
      expect(shares).toHaveLength(revenues.length);
      expect(sum(shares)).toBe(toUnits(total));
      for (const s of shares) expect(s).toMatch(/^\d+\.\d{2}$/);
    }
  });

  it('is deterministic: the same input gives the same split', () => {
    expect(splitByRevenue('0.02', ['1.00', '1.00', '1.00'])).toEqual(['0.01', '0.01', '0.00']);
    expect(splitByRevenue('0.02', ['1.00', '1.00', '1.00'])).toEqual(['0.01', '0.01', '0.00']);
  });

  it('shares equally when no line has revenue', () => {
    expect(splitByRevenue('1.00', ['0.00', '0.00'])).toEqual(['0.50', '0.50']);
  });

  it('refuses a total that is not whole cents or is negative', () => {
    expect(() => splitByRevenue('1.005', ['1.00'])).toThrow('whole cents');
    expect(() => splitByRevenue('-1.00', ['1.00'])).toThrow('whole cents');
    expect(splitByRevenue('1.00', [])).toEqual([]);
  });
});

describe('marginPercent', () => {
  it('is margin over revenue to 2 decimals, rounded half away from zero', () => {
    expect(marginPercent('12.5000', '50.00')).toBe('25.00');
    expect(marginPercent('1.0000', '3.00')).toBe('33.33');
    expect(marginPercent('2.0000', '3.00')).toBe('66.67');
    expect(marginPercent('-2.0000', '3.00')).toBe('-66.67');
    expect(marginPercent('0.0000', '3.00')).toBe('0.00');
  });

  it('is null, not 0, without revenue', () => {
    expect(marginPercent('-4.0000', '0.00')).toBeNull();
  });
});

describe('line profit', () => {
  it('own stock: revenue less the own cost, nothing shared', () => {
    expect(ownStockProfit({ unitPrice: '19.99', quantity: 3, unitCost: '8.3333' })).toEqual({
      revenue: '59.97',
      cost: '24.9999',
      feeShare: '0.00',
      shippingShare: '0.00',
      margin: '34.9701',
      marginPercent: '58.31',
    });
  });

  it('own stock with an unknown cost: cost and margin unknown, never 0', () => {
    expect(ownStockProfit({ unitPrice: '10.00', quantity: 1, unitCost: null })).toEqual({
      revenue: '10.00',
      cost: null,
      feeShare: '0.00',
      shippingShare: '0.00',
      margin: null,
      marginPercent: null,
    });
  });

  it('a free line (price 0): a margin in money, no percent', () => {
    const p = lineProfit(
      { unitPrice: '0.00', quantity: 2, unitCost: '1.5000' },
      { feeShare: '0.25', shippingShare: '0' },
    );
    expect(p.margin).toBe('-3.2500');
    expect(p.marginPercent).toBeNull();
  });

  it('a supplier order: fee and shipping split by revenue, each line its own margin', () => {
    // Revenues 30.00 and 10.00 (3 : 1): fee 2.50 -> 1.875 / 0.625 -> 1.87 + 0.62, the cent left to
    // the larger remainder (0.5 each: the first line); shipping 4.95 -> 3.7125 / 1.2375 -> 3.71 / 1.24.
    const [a, b] = supplierOrderProfits(
      [
        { unitPrice: '15.00', quantity: 2, unitCost: '9.1000' },
        { unitPrice: '10.00', quantity: 1, unitCost: '6.0000' },
      ],
      { perOrderFee: '2.50', shipping: '4.95' },
    );
    expect(a).toEqual({
      revenue: '30.00',
      cost: '18.2000',
      feeShare: '1.88',
      shippingShare: '3.71',
      margin: '6.2100',
      marginPercent: '20.70',
    });
    expect(b).toEqual({
      revenue: '10.00',
      cost: '6.0000',
      feeShare: '0.62',
      shippingShare: '1.24',
      margin: '2.1400',
      marginPercent: '21.40',
    });
    expect(totalProfit([a!, b!])).toEqual({
      revenue: '40.00',
      cost: '24.2000',
      feeShare: '2.50',
      shippingShare: '4.95',
      margin: '8.3500',
      marginPercent: '20.88',
    });
  });

  it('revenue is unit price x quantity to the cent', () => {
    expect(lineRevenue('0.33', 3)).toBe('0.99');
    expect(lineRevenue('99999.99', 1000)).toBe('99999990.00');
  });

  it('a total with an unknown cost leaves cost and margin unknown', () => {
    const known = ownStockProfit({ unitPrice: '10.00', quantity: 1, unitCost: '4.0000' });
    const unknown = ownStockProfit({ unitPrice: '5.00', quantity: 1, unitCost: null });
    expect(totalProfit([known, unknown])).toMatchObject({ revenue: '15.00', cost: null, margin: null });
  });
});
