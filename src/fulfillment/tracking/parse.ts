/**
 * A supplier's tracking file: comma-separated, a header line, one parcel a row.
 *
 *   reference,carrier,tracking_number,tracking_url,shipped_at,lines
 *   JNE-2026-48213906/NORDTEX/1a2b3c4d,DHL,00340434161234567890,https://www.dhl.de/track?n=...,2026-11-30T09:15:00Z,
 *   JNE-2026-70351288/NORDTEX/5e6f7a8b,DPD,01234567890123,,2026-11-30,NT-100:2;NT-200:1
 *
 * reference, carrier and tracking_number are required columns; tracking_url (http or https),
 * shipped_at (YYYY-MM-DD, or a date-time with its zone; empty: now) and lines (the supplier's SKUs
 * and units in this parcel, `SKU:QTY;SKU:QTY`; empty: every unit still open) may be left out or
 * empty. A file that cannot be read as such (not CSV, a missing or unknown column) is refused as
 * a whole; a row with a bad value is rejected with its line number and the others are read.
 */
import { parse } from 'csv-parse/sync';
import { InvalidInputError } from '../../errors.js';
import type { Parcel } from '../shipments.js';

export const REQUIRED_COLUMNS = ['reference', 'carrier', 'tracking_number'] as const;
export const COLUMNS = [...REQUIRED_COLUMNS, 'tracking_url', 'shipped_at', 'lines'] as const;
type Column = (typeof COLUMNS)[number];

export interface TrackingRow {
  line: number;
  reference: string;
  parcel: Parcel;
  /** The row as read, for the event log. */
  raw: Record<string, string>;
}

export interface RowRejection {
  line: number;
  reference: string | null;
  reason: string;
}

/** A shipped_at later than this is a mistake (a clock or a date format), not a parcel. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;
const MAX_UNITS = 1_000_000;

export function parseTrackingFile(
  text: string,
  now = new Date(),
): { rows: TrackingRow[]; rejections: RowRejection[]; rowsRead: number } {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    });
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw fileError(e.lines ?? 1, `the file cannot be read as CSV: ${e.message}`);
  }
  const [header, ...body] = records;
  if (!header) throw fileError(1, `the file is empty: a header line is required (${COLUMNS.join(',')})`);
  const columns = header.map((c) => c.toLowerCase());
  for (const c of columns) {
    if (!(COLUMNS as readonly string[]).includes(c)) {
      throw fileError(1, `unknown column "${c}" (the columns are ${COLUMNS.join(', ')})`);
    }
  }
  for (const c of REQUIRED_COLUMNS) {
    if (!columns.includes(c))
      throw fileError(1, `the column ${c} is missing (required: ${REQUIRED_COLUMNS.join(', ')})`);
  }
  if (new Set(columns).size !== columns.length) throw fileError(1, 'a column appears twice');

  const rows: TrackingRow[] = [];
  const rejections: RowRejection[] = [];
  // Blank lines (and lines of empty fields) are skipped, so each record's line number comes from the source.
  const lineNumbers = recordLines(text).slice(1);
  body.forEach((fields, i) => {
    const line = lineNumbers[i] ?? i + 2;
    const raw = Object.fromEntries(columns.map((c, k) => [c, fields[k] ?? ''])) as Record<Column, string>;
    const reference = raw.reference || null;
    const reject = (reason: string) => rejections.push({ line, reference, reason });
    if (fields.length !== columns.length) {
      return reject(`has ${fields.length} fields, the header has ${columns.length}`);
    }
    try {
      rows.push({ line, reference: required(raw, 'reference'), parcel: parcelOf(raw, now), raw });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      reject(error.message);
    }
  });
  return { rows, rejections, rowsRead: body.length };
}

function parcelOf(raw: Record<Column, string>, now: Date): Parcel {
  const parcel: Parcel = {
    carrier: required(raw, 'carrier', 100),
    trackingNumber: required(raw, 'tracking_number', 100),
    shippedAt: raw.shipped_at ? shippedAt(raw.shipped_at, now) : now,
  };
  if (raw.tracking_url) {
    if (!/^https?:\/\/\S+$/.test(raw.tracking_url) || raw.tracking_url.length > 2000) {
      throw rowError('tracking_url', 'must be an http or https URL');
    }
    parcel.trackingUrl = raw.tracking_url;
  }
  if (raw.lines) parcel.lines = parseLines(raw.lines);
  return parcel;
}

function required(raw: Record<Column, string>, column: Column, max = 200): string {
  const value = raw[column];
  if (!value) throw rowError(column, 'is required');
  if (value.length > max) throw rowError(column, `must be at most ${max} characters`);
  return value;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function shippedAt(value: string, now: Date): Date {
  if (!DATE.test(value) && !DATE_TIME.test(value)) {
    throw rowError('shipped_at', `"${value}" is not YYYY-MM-DD or a date-time with its zone (2026-11-30T09:15:00Z)`);
  }
  const at = new Date(DATE.test(value) ? `${value}T00:00:00Z` : value.replace(' ', 'T'));
  // new Date rolls 2026-02-30 over to March: the date must read back as written.
  if (Number.isNaN(at.getTime()) || (DATE.test(value) && at.toISOString().slice(0, 10) !== value)) {
    throw rowError('shipped_at', `"${value}" is not a date`);
  }
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw rowError('shipped_at', `${value} is in the future`);
  return at;
}

/** `SKU:QTY;SKU:QTY`: the supplier's SKUs (they may contain colons: the last one separates). */
export function parseLines(value: string): { supplierSku: string; quantity: number }[] {
  return value.split(';').map((part, n) => {
    const item = part.trim();
    const colon = item.lastIndexOf(':');
    const sku = item.slice(0, colon).trim();
    const quantity = item.slice(colon + 1).trim();
    if (colon < 1 || !sku) throw rowError('lines', `part ${n + 1} "${item}" is not SKU:QUANTITY (e.g. AB-1:2;CD-2:1)`);
    if (!/^\d{1,7}$/.test(quantity) || Number(quantity) < 1 || Number(quantity) > MAX_UNITS) {
      throw rowError(
        'lines',
        `the quantity of ${sku} must be a whole number from 1 to ${MAX_UNITS}, got "${quantity}"`,
      );
    }
    return { supplierSku: sku, quantity: Number(quantity) };
  });
}

function rowError(column: string, message: string): InvalidInputError {
  return new InvalidInputError(`${column}: ${message}`);
}

function fileError(line: number, message: string): InvalidInputError {
  return new InvalidInputError(`line ${line}: ${message}`, [{ path: `/line/${line}`, message }]);
}

/** The line each CSV record starts on, blank ones left out (quoted fields may span lines). */
function recordLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let quoted = false;
  let atStart = true;
  let blank = true;
  for (const ch of text.replace(/^\uFEFF/, '')) {
    if (atStart) {
      starts.push(line);
      atStart = false;
      blank = true;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === '\n') {
      line += 1;
      if (!quoted) {
        if (blank) starts.pop();
        atStart = true;
      }
    } else if (ch.trim() !== '' && ch !== ',') blank = false;
  }
  if (!atStart && blank) starts.pop();
  return starts;
}
