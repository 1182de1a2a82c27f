/** The supplier routes (admin): every integration setting, validation, write-only credentials. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptCredentials, decryptSecret } from '../../src/suppliers/crypto.js';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';

const full = {
  code: 'acme',
  name: 'ACME Dropship GmbH',
  contactName: 'Max Meier',
  email: 'sales@acme.example',
  phone: '+49 30 1234567',
  website: 'https://acme.example',
  address: { line1: 'Weg 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  notes: 'Ships in plain boxes.',
  status: 'active',
  orderMethod: 'api',
  apiEndpoint: 'https://api.acme.example/orders',
  apiCredentials: { apiKey: 'sk_live_TOPSECRET_123' },
  webhookSecret: 'whsec_TOPSECRET_webhook_456',
  orderEmail: 'orders@acme.example',
  catalogFeedMethod: 'url',
  catalogFeedLocation: 'https://acme.example/feed.csv',
  catalogFeedFormat: 'csv',
  catalogColumnMapping: { supplier_sku: 'Art.-Nr.', cost_price: 'EK netto', stock_quantity: 'Bestand' },
  catalogSyncSchedule: '15 */6 * * 1-5',
  catalogMaxAgeHours: 24,
  orderCutoffTime: '14:30',
  orderCutoffTimezone: 'Europe/Vienna',
  handlingDays: 2,
  minimumOrderValue: '50.00',
  perOrderFee: '2.50',
  shippingCostRule: { type: 'free_over', amount: '4.90', threshold: '100.00' },
  currency: 'CHF',
  autoSubmit: true,
  stockBuffer: 3,
  isDropship: true,
  alertThresholds: { ackHours: 6, trackingDays: 3 },
};

for (const backend of backends) {
  describe(`suppliers on ${backend}`, () => {
    let t: TestApp;
    const logs: string[] = [];
    beforeAll(async () => {
      const logStream = new Writable({
        write(chunk, _enc, done) {
          logs.push(String(chunk));
          done();
        },
      });
      t = await testApp(backend, { logStream });
    });
    afterAll(() => t.close());
    const post = (payload: unknown, headers: Record<string, string> = t.admin) =>
      t.app.inject({ method: 'POST', url: '/api/suppliers', payload: payload as object, headers });
    const patch = (id: number, payload: unknown, headers: Record<string, string> = t.admin) =>
      t.app.inject({ method: 'PATCH', url: `/api/suppliers/${id}`, payload: payload as object, headers });

    it('creates a supplier with every integration setting; credentials are never returned', async () => {
      const res = await post(full);
      expect(res.statusCode).toBe(201);
      const { apiCredentials: _c, webhookSecret: _w, ...visible } = full;
      expect(res.json()).toMatchObject({ ...visible, code: 'ACME', hasApiCredentials: true, hasWebhookSecret: true });
      expect(res.body).not.toContain('TOPSECRET');
      expect(res.json()).not.toHaveProperty('apiCredentials');
      const read = await t.app.inject({ url: `/api/suppliers/${res.json().id}`, headers: t.staff });
      expect(read.statusCode).toBe(200);
      expect(read.body).not.toContain('TOPSECRET');
      const list = await t.app.inject({ url: '/api/suppliers', headers: t.staff });
      expect(list.body).not.toContain('TOPSECRET');
    });

    it('keeps credentials AES-256-GCM encrypted at rest, readable with the key only', async () => {
      const row = await t.database.db
        .selectFrom('suppliers')
        .select(['api_credentials_encrypted', 'webhook_secret_encrypted'])
        .where('code', '=', 'ACME')
        .executeTakeFirstOrThrow();
      expect(row.api_credentials_encrypted).not.toContain('TOPSECRET');
      expect(Buffer.from(row.api_credentials_encrypted!, 'base64').toString('latin1')).not.toContain('TOPSECRET');
      expect(decryptCredentials(t.secrets.credentialsKey, row.api_credentials_encrypted!)).toEqual(full.apiCredentials);
      expect(decryptSecret(t.secrets.credentialsKey, 'webhook_secret_encrypted', row.webhook_secret_encrypted!)).toBe(
        full.webhookSecret,
      );
      // Another key, or the value moved to the other column: no plaintext.
      expect(() => decryptCredentials(Buffer.alloc(32, 7), row.api_credentials_encrypted!)).toThrow();
      expect(() =>
        decryptSecret(t.secrets.credentialsKey, 'webhook_secret_encrypted', row.api_credentials_encrypted!),
      ).toThrow();
    });

    it('never logs credentials, not even for a request that fails', async () => {
      await post({ ...full, code: 'LOGGED', name: 'Logged Ltd', apiCredentials: { apiKey: 'sk_TOPSECRET_log' } });
      await post({ ...full, code: 'BAD CODE', apiCredentials: { apiKey: 'sk_TOPSECRET_log2' } });
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.join('')).not.toContain('TOPSECRET');
      expect(logs.join('')).not.toMatch(/jne_[A-Za-z0-9_-]{20}/);
      // Every log line of a request carries its id.
      const requestLines = logs.map((l) => JSON.parse(l)).filter((l) => l.req || l.res);
      expect(requestLines.every((l) => typeof l.reqId === 'string')).toBe(true);
    });

    it('validates each setting and names the field', async () => {
      const cases: [Record<string, unknown>, string, string | RegExp][] = [
        [{ email: 'not-an-email' }, '/email', 'must be a valid email'],
        [{ orderEmail: 'x@' }, '/orderEmail', 'must be a valid email'],
        [{ website: 'ftp://acme.example' }, '/website', /http\(s\) URL/],
        [{ apiEndpoint: 'acme.example/orders' }, '/apiEndpoint', /http\(s\) URL/],
        [{ catalogSyncSchedule: '0 25 * * *' }, '/catalogSyncSchedule', /hour "25" is out of range 0-23/],
        [{ catalogSyncSchedule: 'every day' }, '/catalogSyncSchedule', /5 fields/],
        [{ currency: 'XYZ' }, '/currency', /not an ISO 4217 currency code/],
        [{ currency: 'eur' }, '/currency', /currency code/],
        [{ orderCutoffTimezone: 'Europe/Atlantis' }, '/orderCutoffTimezone', /not an IANA time zone/],
        [{ orderCutoffTime: '25:00' }, '/orderCutoffTime', /HH:MM/],
        [{ orderMethod: 'fax' }, '/orderMethod', 'must be one of: api, email, csv_sftp, csv_folder, manual'],
        [{ handlingDays: -1 }, '/handlingDays', 'must be at least 0'],
        [{ perOrderFee: '2.555' }, '/perOrderFee', /decimal string/],
        [{ shippingCostRule: { type: 'free_over', amount: '4.90' } }, '/shippingCostRule/threshold', /required/],
        [{ catalogColumnMapping: { price: 'Preis' } }, '/catalogColumnMapping/price', /not a catalog field/],
        [{ catalogFeedMethod: 'sftp', catalogFeedLocation: 'https://x' }, '/catalogFeedLocation', /sftp:\/\/host/],
        [{ orderMethod: 'email', orderEmail: null }, '/orderEmail', 'is required when orderMethod is email'],
        [{ apiCredentials: null }, '/apiCredentials', 'are required when orderMethod is api'],
        [{ webhookSecret: 'short' }, '/webhookSecret', /at least 16/],
        [{ alertThresholds: { ackHours: 0 } }, '/alertThresholds/ackHours', 'must be at least 1'],
        [{ colour: 'red' }, '/colour', 'is not a known field'],
      ];
      for (const [change, path, message] of cases) {
        const res = await post({ ...full, code: 'VALID', name: 'Valid', ...change });
        expect(res.statusCode, `${JSON.stringify(change)} -> ${res.body}`).toBe(400);
        const detail = res.json().error.details.find((d: { path: string }) => d.path === path);
        expect(detail, `${JSON.stringify(change)} -> ${res.body}`).toBeDefined();
        expect(detail.message).toMatch(message);
        expect(res.body).not.toContain('TOPSECRET');
      }
      const minimal = await post({ code: 'MINI', name: 'Mini Supplies' });
      expect(minimal.statusCode).toBe(201);
      expect(minimal.json()).toMatchObject({
        orderMethod: 'manual',
        catalogFeedMethod: 'upload',
        currency: 'EUR',
        orderCutoffTimezone: 'Europe/Berlin',
        hasApiCredentials: false,
      });
    });

    it('answers duplicates with 409 on code and on name regardless of case', async () => {
      const code = await post({ code: 'Acme', name: 'Other name' });
      expect(code.statusCode).toBe(409);
      expect(code.json().error.details[0].path).toBe('/code');
      const name = await post({ code: 'OTHER', name: 'acme dropship gmbh' });
      expect(name.statusCode).toBe(409);
      expect(name.json().error.details[0].path).toBe('/name');
    });

    it('patches settings validated as a whole, replaces or clears credentials, archives', async () => {
      const id = (await post({ code: 'PATCHME', name: 'Patch Me' })).json().id;
      const toEmail = await patch(id, { orderMethod: 'email' });
      expect(toEmail.statusCode).toBe(400);
      expect(toEmail.json().error.details[0].path).toBe('/orderEmail');
      const ok = await patch(id, { orderMethod: 'email', orderEmail: 'o@patch.example', orderCutoffTime: '09:05' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({
        orderMethod: 'email',
        orderEmail: 'o@patch.example',
        orderCutoffTime: '09:05',
      });
      const secret = await patch(id, { webhookSecret: 'a-new-secret-of-enough-length' });
      expect(secret.json().hasWebhookSecret).toBe(true);
      const cleared = await patch(id, { webhookSecret: null });
      expect(cleared.json().hasWebhookSecret).toBe(false);
      expect((await patch(id, {})).statusCode).toBe(400);
      expect((await patch(999999, { notes: 'x' })).statusCode).toBe(404);

      const archived = await t.app.inject({ method: 'POST', url: `/api/suppliers/${id}/archive`, headers: t.admin });
      expect(archived.statusCode).toBe(200);
      expect(archived.json()).toMatchObject({ status: 'archived', autoSubmit: false });
      const active = (await t.app.inject({ url: '/api/suppliers?status=archived', headers: t.admin })).json();
      expect(active.items.map((s: { code: string }) => s.code)).toEqual(['PATCHME']);
      const search = (await t.app.inject({ url: '/api/suppliers?q=dropship', headers: t.admin })).json();
      expect(search.items.map((s: { code: string }) => s.code)).toEqual(['ACME']);
      expect((await t.app.inject({ url: '/api/suppliers/999999', headers: t.admin })).statusCode).toBe(404);
    });

    it('needs a token: 401 without, 403 for staff on writes', async () => {
      expect((await t.app.inject('/api/suppliers')).statusCode).toBe(401);
      expect((await t.app.inject('/api/suppliers/1')).statusCode).toBe(401);
      expect((await post({ code: 'NO', name: 'No' }, {})).statusCode).toBe(401);
      expect((await post({ code: 'NO', name: 'No' }, t.staff)).statusCode).toBe(403);
      expect((await patch(1, { notes: 'x' }, t.staff)).statusCode).toBe(403);
      const archive = await t.app.inject({ method: 'POST', url: '/api/suppliers/1/archive', headers: t.staff });
      expect(archive.statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: '/api/suppliers/1/archive' })).statusCode).toBe(401);
    });
  });
}
