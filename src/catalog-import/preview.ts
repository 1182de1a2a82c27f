/**
 * A column mapping tried on the first rows of a sample feed, before it is saved: the import's own
 * parser and row rules (feed-parse.ts, validate.ts) read the sample, and each row says what every
 * field reads and whether the import would take it. Nothing is written.
 */
import { FeedError } from './errors.js';
import { parseFeed } from './feed-parse.js';
import { FEED_FIELDS, type FeedFormat, type FeedRow } from './types.js';
import { checkHeader, checkRow, resolveMapping } from './validate.js';

export interface PreviewRequest {
  sample: string;
  format: FeedFormat;
  /** The mapping to try: our field -> the feed's column, "_delimiter" as in suppliers.catalog_column_mapping. */
  mapping: Record<string, unknown>;
  /** Rows without a currency column are in the supplier's currency. */
  currency: string;
  rows: number;
}

export interface PreviewRow {
  line: number;
  /** What each of our fields reads from the row, as written in the feed; null where empty. */
  fields: Record<string, string | null>;
  /** The row as the import stores it, or null when it is rejected (reason says why). */
  row: Omit<FeedRow, 'line' | 'raw'> | null;
  reason: string | null;
}

export interface FeedPreview {
  format: FeedFormat;
  /** The feed's columns: the CSV header, or the keys of the JSON objects read. */
  columns: string[];
  /** Our field -> the column it is read from (unmapped fields read the column of their own name). */
  mapping: Record<string, string>;
  rows: PreviewRow[];
  /** Why the sample as a whole does not work with this mapping (a required column missing, a broken feed). */
  problem: string | null;
}

export async function previewFeed(request: PreviewRequest): Promise<FeedPreview> {
  const mapping = resolveMapping(request.mapping);
  const columns = new Set<string>();
  const rows: PreviewRow[] = [];
  let problem: string | null = null;
  const records = parseFeed(
    (async function* () {
      yield request.sample;
    })(),
    {
      format: request.format,
      delimiter: mapping.delimiter,
      onHeader: (header) => {
        header.forEach((c) => columns.add(c));
        try {
          checkHeader(header, mapping);
        } catch (error) {
          if (!(error instanceof FeedError)) throw error;
          problem = error.message;
        }
      },
    },
  );
  try {
    reading: for await (const batch of records) {
      for (const record of batch) {
        record.keys?.().forEach((k) => columns.add(k));
        const result = record.problem ? `the row ${record.problem}` : checkRow(record, mapping, request.currency);
        const fields = Object.fromEntries(FEED_FIELDS.map((f) => [f, shown(record.value(mapping.columns[f]))]));
        if (typeof result === 'string') rows.push({ line: record.line, fields, row: null, reason: result });
        else {
          const { line: _line, raw: _raw, ...row } = result;
          rows.push({ line: record.line, fields, row, reason: null });
        }
        if (rows.length >= request.rows) break reading;
      }
    }
  } catch (error) {
    // A sample is the start of a feed: one cut off inside its JSON array still previews its rows.
    if (!(error instanceof FeedError)) throw error;
    problem ??= error.message;
  }
  return { format: request.format, columns: [...columns], mapping: mapping.columns, rows, problem };
}

function shown(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.trim() === '' ? null : text;
}
