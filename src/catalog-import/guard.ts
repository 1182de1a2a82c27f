/**
 * The guard: a feed that would take most of a supplier's catalog off sale, or move most costs by
 * more than a factor, is far more likely a broken export (a truncated file, a decimal comma read
 * as a thousands separator) than the supplier's real offer. It is refused unless forced.
 */
import type { FeedFigures } from './repository.js';
import type { GuardSettings, ImportMode } from './types.js';

export function refusal(f: FeedFigures, mode: ImportMode, guard: GuardSettings): string | undefined {
  if (mode === 'full' && f.available > 0 && f.missing > guard.unavailableShare * f.available) {
    return (
      `it would make ${f.missing} of the supplier's ${f.available} available items unavailable ` +
      `(${percent(f.missing, f.available)}, more than ${percent(guard.unavailableShare, 1)}); ` +
      `check the feed, or import it with --force`
    );
  }
  if (f.matched > 0 && f.costMoved > guard.costShare * f.matched) {
    return (
      `it would change the cost of ${f.costMoved} of ${f.matched} known items by more than a factor of ` +
      `${guard.costFactor} (${percent(f.costMoved, f.matched)}, more than ${percent(guard.costShare, 1)}); ` +
      `check the feed's decimal separator, or import it with --force`
    );
  }
  return undefined;
}

function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 1000) / 10} %`;
}
