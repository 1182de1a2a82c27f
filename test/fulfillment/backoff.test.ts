/** The retry timing of dispatch, and the webhook signature check, as pure functions. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs } from '../../src/fulfillment/dispatch/backoff.js';
import { plainAmount } from '../../src/fulfillment/dispatch/purchase-order.js';
import { verifySignature } from '../../src/fulfillment/inbound/signature.js';

describe('dispatch backoff', () => {
  const settings = { retryBaseMs: 1000, retryMaxMs: 60_000 };
  it('doubles per attempt up to the ceiling, keeping a random half to whole of it', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(settings, a, undefined, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(settings, a, undefined, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(settings, 20, undefined, () => 1)).toBe(60_000);
  });
  it('never retries sooner than Retry-After, given in seconds or as an HTTP date', () => {
    expect(retryDelayMs(settings, 1, 30_000, () => 1)).toBe(30_000);
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
  it('unit costs travel without trailing zeros past the cents', () => {
    expect(['12.3400', '12.3450', '12.00', '0.5000'].map(plainAmount)).toEqual(['12.34', '12.345', '12.00', '0.50']);
  });
});

describe('webhook signature', () => {
  const now = 1_800_000_000;
  const sign = (secret: string, t: number, body: string) =>
    `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
  it('accepts HMAC-SHA256 over "<t>.<raw body>" within 300 s, and nothing else', () => {
    expect(verifySignature('s', sign('s', now, '{}'), '{}', now)).toBe(true);
    expect(verifySignature('s', sign('s', now - 300, '{}'), '{}', now)).toBe(true);
    expect(verifySignature('s', sign('s', now - 301, '{}'), '{}', now)).toBe(false);
    expect(verifySignature('s', sign('s', now + 301, '{}'), '{}', now)).toBe(false);
    expect(verifySignature('s', sign('other', now, '{}'), '{}', now)).toBe(false);
    expect(verifySignature('s', sign('s', now, '{}'), '{ }', now)).toBe(false);
    expect(verifySignature('s', undefined, '{}', now)).toBe(false);
    expect(verifySignature('s', `t=${now},v1=abc`, '{}', now)).toBe(false);
    expect(verifySignature('s', `v1=${sign('s', now, '{}').split('v1=')[1]}`, '{}', now)).toBe(false);
  });
});
