/**
 * Streaming feed parsers: CSV (csv-parse, delimiter detected from the header line unless given)
 * and JSON (an array of objects or NDJSON, told apart by the first character). Each yields the
 * feed's records one by one with the line they start on, so memory stays flat however large
 * the feed, and a record that cannot be read becomes a rejection instead of stopping the import.
 */
import { parse as csvParser } from 'csv-parse';
import { FeedError } from './errors.js';
import type { FeedFormat } from './types.js';

export interface FeedRecord {
  line: number;
  /** The value of a column (CSV: by header name; JSON: by key); undefined when absent. */
  value(column: string): unknown;
  /** Set when the record itself is unreadable (bad JSON, wrong column count): the row is rejected. */
  problem?: string;
  /** JSON only: the record's keys (a CSV's columns are its header, see onHeader). */
  keys?: () => string[];
}

export interface ParseOptions {
  format: FeedFormat;
  /** CSV only: the delimiter, or undefined to detect it from the header line. */
  delimiter?: string | undefined;
  /** CSV only: called with the header's columns before the first record (may throw a FeedError). */
  onHeader?: (columns: string[]) => void;
  /**
   * CSV only: the input is the rest of a feed whose header was read already (csv-scan.ts): no
   * header line in it, no byte order mark, records end as the header did, the first starts on `line`.
   */
  resume?: { header: string[]; line: number; crlf: boolean };
}

export type FeedBytes = AsyncIterable<Buffer | string>;

/** Yields the records in batches (one per chunk read): a promise per batch, not per row. */
export function parseFeed(input: FeedBytes, options: ParseOptions): AsyncGenerator<FeedRecord[]> {
  return options.format === 'csv' ? parseCsv(input, options) : parseJson(input);
}

const DELIMITERS = [';', ',', '\t', '|'];
/** A header line longer than this is not a feed's header (read before the parser starts). */
export const MAX_HEADER_BYTES = 65_536;
/** A record longer than this is a broken feed (an unclosed quote, a binary file), not a product. */
export const MAX_RECORD_CHARACTERS = 1_048_576;

/** The candidate that occurs most often outside quotes in the first line. */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [d, n] of counts) {
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}

async function* parseCsv(input: FeedBytes, options: ParseOptions): AsyncGenerator<FeedRecord[]> {
  const chunks = input[Symbol.asyncIterator]();
  // Read until the first line is complete, to detect the delimiter before csv-parse starts.
  const head: Buffer[] = [];
  let done = false;
  while (options.delimiter === undefined && !options.resume) {
    const next = await chunks.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(toBuffer(next.value));
    if (head[head.length - 1]!.includes(10)) break;
    if (head.reduce((n, b) => n + b.length, 0) > MAX_HEADER_BYTES) {
      throw new FeedError(`line 1 is longer than ${MAX_HEADER_BYTES} bytes without a line break: not a CSV header`);
    }
  }
  const delimiter = options.delimiter ?? detectDelimiter(Buffer.concat(head).toString('utf8').split('\n')[0] ?? '');
  // No `info: true`: its per-record snapshot doubles the parse time. Lines are counted here
  // instead, so empty lines are kept (skipped below) and embedded newlines are counted.
  const resume = options.resume;
  // A resumed feed starts with as many empty lines as it is further down (skipped as blank
  // records): csv-parse's own line numbers, in its errors, are the feed's.
  if (resume) head.push(Buffer.from((resume.crlf ? '\r\n' : '\n').repeat(resume.line - 1)));
  const parser = csvParser({
    delimiter,
    bom: !resume,
    ...(resume ? { record_delimiter: resume.crlf ? '\r\n' : '\n' } : {}),
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARACTERS,
  });
  // Feeds the parser from the source with backpressure; stops when the reader gave up.
  const feeding = (async () => {
    try {
      for (const chunk of head) await write(parser, chunk);
      if (!done) {
        for (let next = await chunks.next(); !next.done && !parser.destroyed; next = await chunks.next()) {
          await write(parser, toBuffer(next.value));
        }
      }
      if (!parser.destroyed) parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  let header: string[] | undefined = resume?.header;
  let index = new Map((header ?? []).map((c, i) => [c, i]));
  let nextLine = 1;
  let batch: FeedRecord[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += 1 + newlinesIn(record);
      if (record.length === 1 && record[0]!.trim() === '') continue;
      if (!header) {
        header = record.map((c) => c.trim());
        index = new Map(header.map((c, i) => [c, i]));
        options.onHeader?.(header);
        continue;
      }
      const fields = record;
      const width = header.length;
      batch.push({
        line,
        value: (column) => {
          const i = index.get(column);
          return i === undefined ? undefined : fields[i];
        },
        ...(fields.length !== width ? { problem: `has ${fields.length} columns, the header has ${width}` } : {}),
      });
      if (batch.length >= 1000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } catch (error) {
    if (error instanceof FeedError) throw error;
    const e = error as Error & { code?: string; lines?: number };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new FeedError(`the CSV cannot be read at line ${e.lines ?? '?'}: ${e.message}`);
    }
    throw error;
  } finally {
    if (!parser.destroyed) parser.destroy();
    await feeding;
    await chunks.return?.();
  }
  if (!header) throw new FeedError('the CSV feed is empty: no header line');
}

/** Newlines inside the record's (quoted) fields: the record spans that many more lines. */
function newlinesIn(record: string[]): number {
  let n = 0;
  for (const field of record) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  }
  return n;
}

async function write(parser: ReturnType<typeof csvParser>, chunk: Buffer): Promise<void> {
  if (parser.destroyed || parser.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
  });
}

function toBuffer(chunk: unknown): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
}

/**
 * JSON: `[ {...}, {...} ]` is cut into its top-level elements by a small scanner (strings and
 * nesting aware) and each is parsed alone; a feed starting with `{` is NDJSON, one object a line.
 */
async function* parseJson(input: FeedBytes): AsyncGenerator<FeedRecord[]> {
  const decoder = new TextDecoder('utf-8');
  let mode: 'start' | 'array' | 'ndjson' | 'end' = 'start';
  let line = 1;
  // array mode: what the current top-level element is, where it started, its text so far
  let collecting: 'none' | 'nested' | 'string' | 'scalar' = 'none';
  let element = '';
  let elementLine = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  // ndjson mode: the incomplete last line
  let pending = '';

  for await (const chunk of input) {
    let text = decoder.decode(toBuffer(chunk), { stream: true });
    if (mode === 'start') {
      text = text.replace(/^\uFEFF/, '');
      const first = /\S/.exec(text);
      if (!first) {
        line += count(text, '\n');
        continue;
      }
      if (first[0] === '{') mode = 'ndjson';
      else if (first[0] !== '[') {
        throw new FeedError(`the JSON feed must be an array of objects or NDJSON, it starts with "${first[0]}"`);
      } else {
        mode = 'array';
        line += count(text.slice(0, first.index), '\n');
        text = text.slice(first.index + 1);
      }
    }
    if (mode === 'ndjson') {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      const batch: FeedRecord[] = [];
      for (const l of lines) {
        const record = ndjsonRecord(l, line++);
        if (record) batch.push(record);
      }
      if (batch.length > 0) yield batch;
      continue;
    }
    let start = collecting === 'none' ? -1 : 0;
    const finished: FeedRecord[] = [];
    const finish = (end: number) => {
      finished.push(jsonRecord(element + text.slice(start, end), elementLine));
      element = '';
      start = -1;
      collecting = 'none';
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) {
          inString = false;
          if (collecting === 'string') finish(i + 1);
        }
        continue;
      }
      if (mode === 'end') {
        if (!isSpace(c)) throw new FeedError(`the JSON feed has data after its closing "]" at line ${line}`);
        continue;
      }
      if (collecting === 'none') {
        if (isSpace(c) || c === 44) continue;
        if (c === 93) {
          mode = 'end';
          continue;
        }
        start = i;
        elementLine = line;
        if (c === 123 || c === 91) {
          collecting = 'nested';
          depth = 1;
        } else if (c === 34) {
          collecting = 'string';
          inString = true;
        } else collecting = 'scalar';
      } else if (collecting === 'nested') {
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if ((c === 125 || c === 93) && --depth === 0) finish(i + 1);
      } else if (collecting === 'scalar' && (isSpace(c) || c === 44 || c === 93)) {
        finish(i);
        if (c === 93) mode = 'end';
      }
    }
    if (start >= 0) element += text.slice(start);
    if (finished.length > 0) yield finished;
  }
  if (mode === 'ndjson') {
    const record = ndjsonRecord(pending, line);
    if (record) yield [record];
  } else if (mode === 'array') {
    throw new FeedError(`the JSON feed ends inside its array (no closing "]"), at line ${line}`);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

function ndjsonRecord(text: string, line: number): FeedRecord | undefined {
  if (text.trim() === '') return undefined;
  return jsonRecord(text, line);
}

function jsonRecord(text: string, line: number): FeedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, value: () => undefined, problem: `is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, value: () => undefined, problem: 'is not a JSON object' };
  }
  const object = value as Record<string, unknown>;
  return { line, value: (column) => object[column], keys: () => Object.keys(object) };
}
