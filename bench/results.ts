/**
 * bench/results/latest.json: the newest result of every benchmark row (a bench run on its own
 * replaces only its own rows), and the README's table made from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './support.js';

export interface StoredResult extends BenchResult {
  bench: string;
  /** When the row was measured, ISO 8601. */
  date: string;
  machine: string;
  /** The 1-minute load average as the row was recorded: a busy machine shows here. */
  loadAverage: number;
}

export const LATEST = path.join(import.meta.dirname, 'results', 'latest.json');
const README = path.join(import.meta.dirname, '..', 'README.md');
const START = '<!-- bench-table:start (npm run bench writes this table from bench/results/latest.json) -->';
const END = '<!-- bench-table:end -->';

export function readLatest(): StoredResult[] {
  return fs.existsSync(LATEST) ? (JSON.parse(fs.readFileSync(LATEST, 'utf8')) as StoredResult[]) : [];
}

/** The stored rows with those of the benches that ran now replaced; bench order, then row order. */
export function mergeResults(previous: StoredResult[], fresh: StoredResult[], order: string[]): StoredResult[] {
  const ran = new Set(fresh.map((r) => r.bench));
  const merged = [...previous.filter((r) => !ran.has(r.bench)), ...fresh];
  const rank = (r: StoredResult) => (order.includes(r.bench) ? order.indexOf(r.bench) : order.length);
  return merged
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
}

export function writeLatest(results: StoredResult[]): void {
  fs.mkdirSync(path.dirname(LATEST), { recursive: true });
  fs.writeFileSync(LATEST, `${JSON.stringify(results, null, 2)}\n`);
}

function figure(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

export function renderTable(results: StoredResult[]): string {
  const lines = [
    '| hot path | measured | baseline, same run | ratio | target | met | measured on (load) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${figure(r.measured, r.unit)} | ${r.baseline === null ? '' : figure(r.baseline, r.unit)} | ` +
        `${r.ratio === null ? '' : r.ratio.toFixed(2)} | ${r.target} | ${r.meets ? 'yes' : '**no**'} | ` +
        `${r.date.slice(0, 10)}, ${r.machine} (load ${r.loadAverage}) |`,
    );
  }
  return lines.join('\n');
}

/** Replaces the table between the README's markers; fails loudly if the markers are gone. */
export function updateReadme(results: StoredResult[]): void {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no benchmark table markers (${START} ... ${END})`);
  const table = `${START}\n${renderTable(results)}\n${END}`;
  fs.writeFileSync(README, text.slice(0, start) + table + text.slice(end + END.length));
}
