/** The text rules of a feed row, without a database: amounts, delimiters. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseFeed } from '../../src/catalog-import/feed-parse.js';
import { checkRow, decimal, resolveMapping } from '../../src/catalog-import/validate.js';

describe('feed text rules', () => {
  it('reads amounts as exact decimal strings, German and English style', () => {
    const cases: [string, string | undefined][] = [
      ['12.50', '12.5'],
      ['12,50', '12.5'],
      ['0012,00', '12'],
      ['1.234,56', '1234.56'],
      ['1,234.56', '1234.56'],
      ['12.345.678,9', '12345678.9'],
      ['0,0001', '0.0001'],
      ['99999999.9999', '99999999.9999'],
      ['0.1', '0.1'], // never 0.1000000000000000055511151231257827 (a float would be)
      ['123456789', undefined],
      ['1,23456', undefined],
      ['-1', undefined],
      ['1e3', undefined],
      ['12 €', undefined],
      ['', undefined],
    ];
    for (const [text, expected] of cases) expect(decimal(text), text).toBe(expected);
  });

  it('rejects a JSON list or object where a cell holds one value, naming the field', () => {
    const mapping = resolveMapping({});
    const row = (values: Record<string, unknown>) =>
      checkRow({ line: 7, value: (column) => values[column] }, mapping, 'EUR');
    expect(row({ supplier_sku: ['x'], cost_price: '1.00' })).toBe(
      'supplier_sku: a JSON list where one value belongs (column "supplier_sku")',
    );
    expect(row({ supplier_sku: 'A-1', cost_price: { amount: 1 } })).toBe(
      'cost_price: a JSON object where one value belongs (column "cost_price")',
    );
    expect(row({ supplier_sku: 'A-1', cost_price: 1.5, stock_quantity: 3 })).toMatchObject({
      supplierSku: 'A-1',
      costPrice: '1.5',
      stockQuantity: 3,
    });
  });

  it('detects the delimiter from the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('"x;y;z",b,c')).toBe(',');
    expect(detectDelimiter('a|b|c')).toBe('|');
  });

  it('parses a tab-separated feed split across chunks, with CRLF lines and a BOM', async () => {
    const text = '\uFEFFsku\tcost\r\nA\t1,5\r\n\r\nB\t2\r\n';
    const chunks = [Buffer.from(text.slice(0, 7)), Buffer.from(text.slice(7))];
    const records = [];
    for await (const batch of parseFeed(Readable.from(chunks), { format: 'csv' })) {
      for (const r of batch) records.push([r.line, r.value('sku'), r.value('cost')]);
    }
    expect(records).toEqual([
      [2, 'A', '1,5'],
      [4, 'B', '2'],
    ]);
  });

  it('cuts a JSON array into its elements across chunk borders, strings with brackets included', async () => {
    const text = '[\n {"sku": "A]}", "n": [1, {"x": "\\"}"}]},\n {"sku": "B"}\n]\n';
    const chunks = text.split('').map((c) => Buffer.from(c));
    const records = [];
    for await (const batch of parseFeed(Readable.from(chunks), { format: 'json' })) {
      for (const r of batch) records.push([r.line, r.value('sku')]);
    }
    expect(records).toEqual([
      [2, 'A]}'],
      [3, 'B'],
    ]);
  });
});
