/**
 * The CSV feed handed to PostgreSQL's own CSV parser: a byte scanner (no decoding, no field
 * objects) that finds where each record starts and ends and passes the regular ones to
 * `COPY ... (FORMAT csv)` with their line number as a first field. Regular means PostgreSQL reads
 * the record exactly as csv-parse (feed-parse.ts) would: quotes only around whole fields, line
 * ends as the header's, valid UTF-8, no NUL, not longer than a quarter of csv-parse's record
 * limit. The scanner also does what the parser's caller would: it skips blank lines and rejects
 * a record with the wrong number of columns, with csv-parse's line numbers and reasons.
 * At the first record that is not regular it stops: that record and everything after it are
 * left (`remainder`) to csv-parse and the JavaScript rules, so every feed reads as before.
 */
import { isUtf8 } from 'node:buffer';
import { parse as parseCsvText } from 'csv-parse/sync';
import { detectDelimiter, MAX_HEADER_BYTES, MAX_RECORD_CHARACTERS } from './feed-parse.js';
import type { Rejection } from './types.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
/** A record this long may be one csv-parse refuses (it counts characters, up to 4 bytes each). */
const MAX_REGULAR_RECORD_BYTES = MAX_RECORD_CHARACTERS / 4;

export interface CsvShape {
  /** One byte: ';', ',', '\t' or '|'. */
  delimiter: string;
  /** The header's number of columns (2 or more). */
  width: number;
  /** The header line ends with \r\n: every record does. */
  crlf: boolean;
  /** The line of the first record after the header. */
  firstLine: number;
}

export interface CsvRemainder {
  /** The line the first record left to csv-parse starts on. */
  line: number;
  /** Its bytes, then the rest of the feed. */
  bytes: AsyncIterable<Buffer>;
}

export class CsvScan {
  /** Records read (the ones passed on and the ones rejected here; not blank lines). */
  records = 0;
  readonly rejections: Rejection[] = [];
  remainder: CsvRemainder | undefined;
  private line: number;
  private readonly delimiter: number;

  constructor(
    private readonly source: AsyncIterator<Buffer>,
    private readonly shape: CsvShape,
    private readonly onRecords?: (records: number) => void,
  ) {
    this.line = shape.firstLine;
    this.delimiter = shape.delimiter.charCodeAt(0);
  }

  /** COPY csv data: `line<delimiter>record\n` for each regular record, in chunks as they come. */
  async *copyData(): AsyncGenerator<Buffer> {
    let carry: Buffer | undefined;
    for (;;) {
      const next = await this.source.next();
      const done = next.done === true;
      const buf: Buffer = done ? (carry ?? Buffer.alloc(0)) : carry ? Buffer.concat([carry, next.value]) : next.value;
      // A record of 2 bytes or more (a delimiter and a line end) gains at most 12: its line number,
      // a delimiter and a line feed.
      const out = Buffer.allocUnsafe(buf.length * 7 + 64);
      const scanned = this.scan(buf, out, done);
      if (scanned.written > 0) yield out.subarray(0, scanned.written);
      if (scanned.stop !== undefined) {
        this.remainder = { line: this.line, bytes: rest(buf.subarray(scanned.stop), done ? undefined : this.source) };
        return;
      }
      if (done) return;
      carry = scanned.consumed < buf.length ? buf.subarray(scanned.consumed) : undefined;
      if (carry && carry.length > MAX_REGULAR_RECORD_BYTES) {
        this.remainder = { line: this.line, bytes: rest(carry, this.source) };
        return;
      }
    }
  }

  /**
   * Scans whole records of buf into out. consumed: where the unfinished last record starts;
   * stop: where the first irregular record starts (scanning ends there).
   */
  private scan(buf: Buffer, out: Buffer, atEnd: boolean): { written: number; consumed: number; stop?: number } {
    const { width, crlf } = this.shape;
    const delimiter = this.delimiter;
    const n = buf.length;
    let written = 0;
    let start = 0;
    while (start < n) {
      let fields = 1;
      let fieldStart = true;
      let inQuotes = false;
      let afterQuote = false;
      let quoted = false;
      let ascii = true;
      let newlines = 0;
      let end = -1; // where the record's line end starts
      let next = -1; // where the following record starts
      let irregular = false;
      let i = start;
      for (; i < n; i++) {
        const c = buf[i]!;
        if (c === 0) {
          irregular = true;
          break;
        }
        if (c >= 128) ascii = false;
        if (inQuotes) {
          if (c === QUOTE) {
            if (i + 1 >= n && !atEnd) break;
            if (buf[i + 1] === QUOTE) i++;
            else {
              inQuotes = false;
              afterQuote = true;
            }
          } else if (c === LF) {
            newlines++;
            // `\.` at the start of a line may end COPY's data even inside quotes
            if (buf[i + 1] === BACKSLASH) {
              irregular = true;
              break;
            }
          }
          continue;
        }
        if (c === delimiter) {
          fields++;
          fieldStart = true;
          afterQuote = false;
        } else if (c === LF) {
          if (crlf) irregular = true;
          else [end, next] = [i, i + 1];
          break;
        } else if (c === CR) {
          if (i + 1 >= n && !atEnd) break;
          if (crlf && buf[i + 1] === LF) [end, next] = [i, i + 2];
          else irregular = true;
          break;
        } else if (c === QUOTE && fieldStart) {
          inQuotes = quoted = true;
          fieldStart = false;
        } else if (c === QUOTE || afterQuote) {
          irregular = true;
          break;
        } else fieldStart = false;
      }
      if (!irregular && end < 0) {
        if (!atEnd) return { written, consumed: start }; // unfinished: wait for more bytes
        if (inQuotes)
          irregular = true; // csv-parse says why the quote is not closed
        else [end, next] = [n, n];
      }
      if (irregular || end - start > MAX_REGULAR_RECORD_BYTES) return { written, consumed: start, stop: start };
      const line = this.line;
      if (fields === 1) {
        if (quoted || !ascii) return { written, consumed: start, stop: start };
        if (!isBlank(buf, start, end)) this.reject(line, `the row has 1 columns, the header has ${width}`);
      } else if (fields !== width) {
        this.reject(line, `the row has ${fields} columns, the header has ${width}`);
      } else {
        if (!ascii && !isUtf8(buf.subarray(start, end))) return { written, consumed: start, stop: start };
        written += out.write(`${line}`, written, 'latin1');
        out[written++] = delimiter;
        written += buf.copy(out, written, start, end);
        out[written++] = LF;
        this.count();
      }
      this.line += 1 + newlines;
      start = next;
    }
    return { written, consumed: start };
  }

  private reject(line: number, reason: string): void {
    this.rejections.push({ line, reason });
    this.count();
  }

  private count(): void {
    if (++this.records % 5000 === 0) this.onRecords?.(this.records);
  }
}

/** Spaces, tabs, vertical tabs and form feeds only (what String.trim() removes, in ASCII). */
function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c !== 32 && c !== 9 && c !== 11 && c !== 12) return false;
  }
  return true;
}

async function* rest(head: Buffer, source: AsyncIterator<Buffer> | undefined): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (!source) return;
  for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
}

export interface CsvHead {
  /** Set when PostgreSQL can read the feed: its header and shape, and the bytes after the header. */
  scan?: { header: string[]; shape: CsvShape; rest: AsyncIterator<Buffer> };
  /** Otherwise the whole feed again, for csv-parse. */
  whole?: AsyncIterable<Buffer>;
}

const DELIMITERS = new Set([';', ',', '\t', '|']);

/**
 * Reads the header line. The feed goes to PostgreSQL when that line is a plain CSV header as
 * csv-parse reads it (first line, not blank, no carriage return inside, a one-byte delimiter of
 * the usual ones, two columns or more); anything else is left to csv-parse whole, as before.
 */
export async function readCsvHead(source: AsyncIterator<Buffer>, delimiter: string | undefined): Promise<CsvHead> {
  const chunks: Buffer[] = [];
  let size = 0;
  let lf = -1;
  let done = false;
  while (lf < 0 && size <= MAX_HEADER_BYTES) {
    const next = await source.next();
    if (next.done) {
      done = true;
      break;
    }
    lf = next.value.indexOf(LF);
    if (lf >= 0) lf += size;
    chunks.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(chunks);
  const whole = { whole: rest(head, done ? undefined : source) };
  if (lf < 0) return whole;
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const crlf = head[lf - 1] === CR;
  const text = head.toString('utf8', bom, crlf ? lf - 1 : lf);
  if (text.trim() === '' || text.includes('\r')) return whole;
  const used = delimiter ?? detectDelimiter(text);
  if (!DELIMITERS.has(used)) return whole;
  let records: string[][];
  try {
    records = parseCsvText(text, { delimiter: used, relax_quotes: true, relax_column_count: true }) as string[][];
  } catch {
    return whole;
  }
  if (records.length !== 1 || records[0]!.length < 2) return whole;
  const header = records[0]!.map((c) => c.trim());
  const shape = { delimiter: used, width: header.length, crlf, firstLine: 2 };
  return { scan: { header, shape, rest: rest(head.subarray(lf + 1), done ? undefined : source) } };
}
