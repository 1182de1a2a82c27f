/**
 * A CSV feed read by PostgreSQL (csv-scan.ts, csv-sql.ts) stores exactly what the JavaScript
 * parser and rules (feed-parse.ts, validate.ts) make of it: the same rows with the same values,
 * the same rejections with the same lines and reasons, whether the bytes arrive whole or a few
 * at a time, with LF or CRLF line ends, and past a record PostgreSQL would read differently.
 */
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/catalog-import/feed-parse.js';
import { importCatalog } from '../../src/catalog-import/job.js';
import type { FeedRow, Rejection } from '../../src/catalog-import/types.js';
import { checkRow, resolveMapping } from '../../src/catalog-import/validate.js';
import { backends, migratedDatabase, type TestDatabase } from '../support/databases.js';
import { GUARD, createSupplier } from './support.js';

const MAPPING = {
  supplier_sku: 'Art.-Nr.',
  cost_price: 'EK netto',
  stock_quantity: 'Bestand',
  gtin: 'EAN',
  name: 'Bezeichnung',
  lead_time_days: 'Lieferzeit',
  currency: 'Währung',
  min_order_quantity: 'MOQ',
};

const LINES = [
  'Art.-Nr.;EK netto;Bestand;EAN;Bezeichnung;Lieferzeit;Währung;MOQ',
  'P1;12,50;5;4006381333931;Plain;3;eur;2',
  'P2;7.25;;;"Quoted; with delimiter";;;',
  'P3;0012,5000;000000009;12345678;"He said ""hi""";0;USD;1',
  '',
  '   ',
  'S1; 3,20 ;1;;Spaces around the amount;1;;',
  'S2;1 234,5;1;;Space inside;1;;',
  'T1;1.234,56;2;;Thousands, German;1;;',
  'T2;1,234.56;2;;Thousands, English;1;;',
  'C1;1,00;12.0;;A count written 12.0;2.00;;',
  'G1;1,00;1;4006-3813-3393-1;GTIN with dashes;1;;',
  'U1;1,00;1;;Currency lower case;1;chf;',
  'Ü-SKU;1,00;1;;Umlaut SKU, Größe M;1;;',
  ` N1 ;1,00;1;;\u00a0Name with non-breaking spaces\u00a0;1;;`,
  `L1;1,00;1;;${'Long name '.repeat(60)};1;;`,
  `L2;1,00;1;;${'😀'.repeat(260)};1;;`,
  'R1;abc;1;;Bad cost;1;;',
  'R2;1,23456;1;;Too many decimals;1;;',
  'R3;123456789;1;;Too many digits;1;;',
  'R4;1,00;-4;;Negative stock;1;;',
  'R5;1,00;99999999999;;Stock too large;1;;',
  'R6;1,00;1;12345;Short GTIN;1;;',
  'R7;1,00;1;;Bad currency;1;EURO;',
  'R8;1,00;1;;MOQ zero;1;;0',
  ';1,00;1;;No SKU;1;;',
  'R9;;1;;No cost;1;;',
  'P1;9,99;1;;Duplicate of a plain row;1;;',
  'S1;9,99;1;;Duplicate of a row checked in JavaScript;1;;',
  'W1;1,00;1',
  'W2;1,00;1;;Too many;1;;;;',
  'M1;"2,00";3;;"Multi',
  'line name";1;;',
  `Z${'x'.repeat(201)};1,00;1;;SKU too long;1;;`,
  'Q1;1,00;1;;A "quote" inside a field;1;;',
  'P4;3,00;4;;After the odd quote, read by csv-parse;1;;',
  'P1;4,00;1;;Duplicate after the odd quote;1;;',
];

/** What the JavaScript parser and rules make of a feed: the rows kept and the rejections. */
async function reference(feed: string): Promise<{ rows: Map<string, FeedRow>; rejections: Rejection[] }> {
  const mapping = resolveMapping(MAPPING);
  const rows = new Map<string, FeedRow>();
  const rejections: Rejection[] = [];
  for await (const batch of parseFeed(Readable.from([Buffer.from(feed)]), { format: 'csv' })) {
    for (const record of batch) {
      const result = record.problem ? `the row ${record.problem}` : checkRow(record, mapping, 'EUR');
      if (typeof result === 'string') rejections.push({ line: record.line, reason: result });
      else if (rows.has(result.supplierSku)) {
        const first = rows.get(result.supplierSku)!.line;
        rejections.push({
          line: record.line,
          reason: `supplier_sku: "${result.supplierSku}" again (first on line ${first})`,
        });
      } else rows.set(result.supplierSku, result);
    }
  }
  return { rows, rejections: rejections.sort((a, b) => a.line - b.line) };
}

for (const backend of backends) {
  describe(`CSV feed read by PostgreSQL on ${backend}`, () => {
    let database: TestDatabase;
    let supplierId: number;
    beforeEach(async () => {
      database = await migratedDatabase(backend);
      supplierId = await createSupplier(database.db, 'ACME', { mapping: MAPPING });
    });
    afterEach(async () => database?.dispose());

    const cases = [
      { name: 'LF, the bytes whole', lineEnd: '\n', chunk: 0 },
      { name: 'CRLF, the bytes whole', lineEnd: '\r\n', chunk: 0 },
      { name: 'LF, 7 bytes at a time', lineEnd: '\n', chunk: 7 },
      { name: 'CRLF, 5 bytes at a time', lineEnd: '\r\n', chunk: 5 },
    ];
    for (const { name, lineEnd, chunk } of cases) {
      it(`stores what the JavaScript rules give (${name})`, async () => {
        const feed = LINES.join(lineEnd) + lineEnd;
        const expected = await reference(feed);
        const bytes = Buffer.from(feed);
        const chunks =
          chunk === 0
            ? [bytes]
            : Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) =>
                bytes.subarray(i * chunk, (i + 1) * chunk),
              );
        const report = await importCatalog(database, {
          supplier: { code: 'ACME' },
          feed: { stream: Readable.from(chunks), source: 'test feed', format: 'csv' },
          mode: 'full',
          force: false,
          createDrafts: false,
          guard: GUARD,
        });
        expect(report.rejections).toEqual(expected.rejections);
        expect(report).toMatchObject({ inserted: expected.rows.size, rejected: expected.rejections.length });
        const { rows } = await sql<Record<string, unknown>>`
          SELECT supplier_sku, cost_price, stock_quantity, gtin, name, currency, lead_time_days, min_order_quantity, raw
            FROM supplier_catalogs WHERE supplier_id = ${supplierId} ORDER BY supplier_sku`.execute(database.db);
        const want = [...expected.rows.values()]
          .sort((a, b) => (a.supplierSku < b.supplierSku ? -1 : 1))
          .map((r) => ({
            supplier_sku: r.supplierSku,
            cost_price: (Number(r.costPrice) === 0 ? 0 : r.costPrice).toString(),
            stock_quantity: r.stockQuantity,
            gtin: r.gtin,
            name: r.name,
            currency: r.currency,
            lead_time_days: r.leadTimeDays,
            min_order_quantity: r.minOrderQuantity,
            raw: r.raw,
          }));
        expect(rows.map((r) => ({ ...r, cost_price: String(Number(r.cost_price)) }))).toEqual(
          want.map((r) => ({ ...r, cost_price: String(Number(r.cost_price)) })),
        );
        expect(expected.rejections.length).toBeGreaterThan(15);
      });
    }
  });
}
