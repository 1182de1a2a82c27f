/** Columns for the terminal: each cell padded to its column's widest, two spaces between. */
import type { CliIO } from './io.js';

export function printColumns(rows: string[][], io: Pick<CliIO, 'out'>): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    io.out(
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}
