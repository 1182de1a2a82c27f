/** The configuration the shop's API adds to src/config.ts: defaults and checks, each naming its variable. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('API configuration', () => {
  it('has safe defaults', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ corsOrigins: false, bodyLimitBytes: 1_048_576, trustProxy: false });
    expect(config.auth).toEqual({
      secret: undefined,
      tokenTtlSeconds: 28_800,
      loginRateLimitPerMinute: 10,
      orderLookupRateLimitPerMinute: 30,
    });
    expect(config.shipping).toEqual({ flatFee: '4.95', freeOver: '50.00' });
    expect(config.demoOnFirstStart).toBe(true);
    expect(config.rerouteOnRejection).toBe(true);
  });

  it('reads and checks each variable, naming it when it is wrong', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://shop.example, https://admin.shop.example',
      BODY_LIMIT_BYTES: '65536',
      AUTH_TOKEN_TTL_SECONDS: '3600',
      LOGIN_RATE_LIMIT: '3',
      ORDER_LOOKUP_RATE_LIMIT: '12',
      SHIPPING_FLAT_FEE: '0',
      SHIPPING_FREE_OVER: 'never',
      DEMO_ON_FIRST_START: 'false',
      CREDENTIALS_KEY: Buffer.alloc(32, 9).toString('base64'),
    });
    expect(config.http.corsOrigins).toEqual(['https://shop.example', 'https://admin.shop.example']);
    expect(config.shipping).toEqual({ flatFee: '0', freeOver: undefined });
    expect(config.auth.orderLookupRateLimitPerMinute).toBe(12);
    expect(config.credentialsKey).toEqual(Buffer.alloc(32, 9));
    expect(loadConfig({ CORS_ORIGINS: '*' }).http.corsOrigins).toBe(true);
    expect(loadConfig({ REROUTE_ON_REJECTION: 'false' }).rerouteOnRejection).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.0/8' }).http.trustProxy).toBe('10.0.0.1, 10.0.0.0/8');
    const bad: [Record<string, string>, RegExp][] = [
      [{ CORS_ORIGINS: 'shop.example' }, /CORS_ORIGINS must be \*, false or a comma-separated list/],
      [{ CORS_ORIGINS: 'https://shop.example/path' }, /CORS_ORIGINS/],
      [{ AUTH_SECRET: 'short' }, /AUTH_SECRET must be at least 32 characters/],
      [{ CREDENTIALS_KEY: 'abcd' }, /CREDENTIALS_KEY must be 32 bytes/],
      [{ SHIPPING_FLAT_FEE: '4,95' }, /SHIPPING_FLAT_FEE must be an amount like 4.95/],
      [{ TRUST_PROXY: 'nginx' }, /TRUST_PROXY must be true, false or the proxy addresses/],
      [{ LOGIN_RATE_LIMIT: '0' }, /LOGIN_RATE_LIMIT must be between 1 and 10000/],
      [{ ORDER_LOOKUP_RATE_LIMIT: 'lots' }, /ORDER_LOOKUP_RATE_LIMIT must be/],
      [{ REROUTE_ON_REJECTION: 'sometimes' }, /REROUTE_ON_REJECTION must be true or false/],
    ];
    for (const [env, message] of bad) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
  });

  it('reads the SMTP settings of e-mailed purchase orders, naming the variable when one is wrong', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: undefined, from: undefined });
    expect(
      loadConfig({ SMTP_URL: 'smtps://shop:p%40ss@mail.example:465', SMTP_FROM: 'JNE Outlet <orders@shop.example>' })
        .mail,
    ).toEqual({ smtpUrl: 'smtps://shop:p%40ss@mail.example:465', from: 'JNE Outlet <orders@shop.example>' });
    const bad: [Record<string, string>, RegExp][] = [
      [{ SMTP_URL: 'mail.example:25', SMTP_FROM: 'a@b.example' }, /SMTP_URL must be a URL like smtp:\/\//],
      [{ SMTP_URL: 'https://mail.example', SMTP_FROM: 'a@b.example' }, /SMTP_URL must be a URL like smtp:\/\//],
      [{ SMTP_URL: 'smtp://mail.example' }, /SMTP_FROM is required with SMTP_URL/],
      [{ SMTP_URL: 'smtp://mail.example', SMTP_FROM: 'orders' }, /SMTP_FROM must be an address or "Name <address>"/],
    ];
    for (const [env, message] of bad) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
    // The password in the URL never appears in the error.
    expect(() => loadConfig({ SMTP_URL: 'ftp://u:secret-pw@x', SMTP_FROM: 'a@b.example' })).not.toThrow(/secret-pw/);
  });

  it('reads the alarm digest recipients, which need SMTP_URL and the schedule, naming the variable when wrong', () => {
    const smtp = { SMTP_URL: 'smtp://shop:digest-pw@mail.example:587', SMTP_FROM: 'alarms@shop.example' };
    expect(loadConfig({}).alertDigestTo).toEqual([]);
    expect(loadConfig({ ...smtp, ALERT_DIGEST_TO: 'ops@shop.example' }).alertDigestTo).toEqual(['ops@shop.example']);
    expect(
      loadConfig({ ...smtp, ALERT_DIGEST_TO: ' ops@shop.example, night@shop.example ,ops@shop.example' }).alertDigestTo,
    ).toEqual(['ops@shop.example', 'night@shop.example']);
    const bad: [Record<string, string>, RegExp][] = [
      [
        { ...smtp, ALERT_DIGEST_TO: 'ops' },
        /ALERT_DIGEST_TO must be an address or a comma-separated list .* got "ops"/,
      ],
      [{ ...smtp, ALERT_DIGEST_TO: 'ops@shop.example;b@shop.example' }, /ALERT_DIGEST_TO must be an address/],
      [{ ...smtp, ALERT_DIGEST_TO: 'Ops <ops@shop.example>' }, /ALERT_DIGEST_TO must be an address/],
      [{ ...smtp, ALERT_DIGEST_TO: 'ops@shop.example,' }, /ALERT_DIGEST_TO must be an address .* got ""/],
      [{ ALERT_DIGEST_TO: 'ops@shop.example' }, /ALERT_DIGEST_TO needs SMTP_URL \(and SMTP_FROM\)/],
      [
        { ...smtp, ALERT_DIGEST_TO: 'ops@shop.example', PERFORMANCE_RECOMPUTE_CRON: 'off' },
        /ALERT_DIGEST_TO needs the scheduled alarm evaluation, .* PERFORMANCE_RECOMPUTE_CRON is off/,
      ],
    ];
    for (const [env, message] of bad) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
      expect(() => loadConfig(env)).not.toThrow(/digest-pw/);
    }
  });

  it('supplier performance, the routing floor and the alarm thresholds: defaults, values and checks', () => {
    const defaults = loadConfig({});
    expect(defaults.performance).toEqual({ recomputeCron: '*/15 * * * *', minOrders: 10 });
    expect(defaults.routing).toEqual({ ratingFloor: undefined });
    expect(defaults.alerts).toEqual({ submitMinutes: 30, ackHours: 24, trackingDays: 2, reservationDays: 7 });
    const set = loadConfig({
      PERFORMANCE_RECOMPUTE_CRON: '0  3 * * 1-5',
      PERFORMANCE_MIN_ORDERS: '3',
      ROUTING_RATING_FLOOR: '2.5',
      ALERT_SUBMIT_MINUTES: '10',
      ALERT_ACK_HOURS: '6',
      ALERT_TRACKING_DAYS: '1',
      ALERT_RESERVATION_DAYS: '14',
    });
    expect(set.performance).toEqual({ recomputeCron: '0 3 * * 1-5', minOrders: 3 });
    expect(set.routing.ratingFloor).toBe('2.5');
    expect(set.alerts).toEqual({ submitMinutes: 10, ackHours: 6, trackingDays: 1, reservationDays: 14 });
    expect(loadConfig({ PERFORMANCE_RECOMPUTE_MINUTES: '5' }).performance.recomputeCron).toBe('*/5 * * * *');
    expect(loadConfig({ PERFORMANCE_RECOMPUTE_CRON: 'off' }).performance.recomputeCron).toBeNull();
    expect(loadConfig({ ROUTING_RATING_FLOOR: 'off' }).routing.ratingFloor).toBeUndefined();
    const bad: [Record<string, string>, RegExp][] = [
      [
        { PERFORMANCE_RECOMPUTE_CRON: 'every 15 minutes' },
        /PERFORMANCE_RECOMPUTE_CRON must be a 5-field cron expression/,
      ],
      [{ PERFORMANCE_RECOMPUTE_CRON: '*/15 * * *' }, /PERFORMANCE_RECOMPUTE_CRON must be a 5-field cron/],
      [{ PERFORMANCE_RECOMPUTE_MINUTES: '60' }, /PERFORMANCE_RECOMPUTE_MINUTES must be between 1 and 59/],
      [
        { PERFORMANCE_RECOMPUTE_MINUTES: '5', PERFORMANCE_RECOMPUTE_CRON: '*/5 * * * *' },
        /PERFORMANCE_RECOMPUTE_MINUTES cannot be set together with PERFORMANCE_RECOMPUTE_CRON/,
      ],
      [{ PERFORMANCE_MIN_ORDERS: '0' }, /PERFORMANCE_MIN_ORDERS must be between 1/],
      [{ ROUTING_RATING_FLOOR: '5.5' }, /ROUTING_RATING_FLOOR must be a rating from 0 to 5/],
      [{ ROUTING_RATING_FLOOR: 'high' }, /ROUTING_RATING_FLOOR must be a rating from 0 to 5/],
      [{ ALERT_ACK_HOURS: '0' }, /ALERT_ACK_HOURS must be between 1/],
    ];
    for (const [env, message] of bad) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
  });
});
