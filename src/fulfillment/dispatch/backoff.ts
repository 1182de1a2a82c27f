/** When to send again after a supplier failed to take an order: doubling, with jitter, never before Retry-After. */
import type { DispatchSettings } from '../../config.js';

/**
 * The wait after attempt number `attempt` (1-based): base x 2^(attempt-1), capped, of which a
 * random half to whole is taken (so retries of many orders spread out); at least what the
 * supplier asked for in Retry-After.
 */
export function retryDelayMs(
  settings: Pick<DispatchSettings, 'retryBaseMs' | 'retryMaxMs'>,
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling * (0.5 + random() / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
