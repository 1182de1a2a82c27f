import { describe, expect, it } from 'vitest';
import { safeTrackingUrl } from '../../web/src/tracking.js';

describe('tracking links on the order page', () => {
  it('links http and https only', () => {
    expect(safeTrackingUrl('https://www.dhl.de/track?n=1')).toBe('https://www.dhl.de/track?n=1');
    expect(safeTrackingUrl('http://carrier.example/x')).toBe('http://carrier.example/x');
    expect(safeTrackingUrl('javascript:alert(1)')).toBeNull();
    expect(safeTrackingUrl('data:text/html,<script>1</script>')).toBeNull();
    expect(safeTrackingUrl('ftp://carrier.example/x')).toBeNull();
    expect(safeTrackingUrl('not a url')).toBeNull();
    expect(safeTrackingUrl(null)).toBeNull();
  });
});
