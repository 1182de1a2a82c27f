/** Cron expressions, time zones and currencies as the supplier settings check them. */
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, cronProblem, isCurrency } from '../../src/suppliers/validation.js';

describe('supplier setting checks', () => {
  it('accepts 5-field cron expressions with values, ranges, lists, steps and names', () => {
    for (const ok of ['* * * * *', '0 */6 * * *', '15 2 1,15 * MON-FRI', '0 6,18 * JAN-MAR 0', '*/5 8-18/2 * * 7']) {
      expect(cronProblem(ok), ok).toBeUndefined();
    }
  });

  it('says what is wrong with a cron expression', () => {
    expect(cronProblem('0 0 * *')).toBe('must have 5 fields (minute hour day-of-month month day-of-week), got 4');
    expect(cronProblem('60 * * * *')).toBe('minute "60" is out of range 0-59');
    expect(cronProblem('0 0 0 * *')).toBe('day of month "0" is out of range 1-31');
    expect(cronProblem('0 0 * 13 *')).toBe('month "13" is out of range 1-12');
    expect(cronProblem('0 0 * * FUNDAY')).toBe('day of week "FUNDAY" is out of range 0-7');
    expect(cronProblem('0 18-6 * * *')).toBe('hour range "18-6" runs backwards');
    expect(cronProblem('*/0 * * * *')).toBe('minute step "*/0" must not be 0');
    expect(cronProblem('0 0 ? * *')).toBe('day of month "?" is not a value, range, list or step');
  });

  it('knows IANA time zones and ISO currencies', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('GBP')).toBe(true);
    expect(isCurrency('EURO')).toBe(false);
    expect(isCurrency('XYZ')).toBe(false);
  });
});
