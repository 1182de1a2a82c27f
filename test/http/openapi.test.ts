/**
 * The OpenAPI document at /docs/json: OpenAPI 3, every route of the app in it with its
 * responses, every $ref resolvable; the browsable UI at /docs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: { default?: unknown } }[];
  requestBody?: unknown;
}
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
};

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Doc;
  // The routes of this API (other modules add theirs; each is checked the same way where listed).
  const routes = [
    'GET /health',
    'POST /api/auth/login',
    'GET /api/auth/me',
    'GET /api/tokens',
    'POST /api/tokens',
    'DELETE /api/tokens/:id',
    'GET /api/products',
    'GET /api/products/:idOrSlug',
    'POST /api/products',
    'PATCH /api/products/:id',
    'DELETE /api/products/:id',
    'GET /api/categories',
    'POST /api/categories',
    'PATCH /api/categories/:id',
    'DELETE /api/categories/:id',
    'GET /api/suppliers',
    'GET /api/suppliers/:id',
    'POST /api/suppliers',
    'PATCH /api/suppliers/:id',
    'POST /api/suppliers/:id/archive',
    'POST /api/orders',
    'GET /api/orders/:number',
    'GET /api/orders',
    'GET /api/supplier-orders/:id/events',
    'POST /api/supplier-orders/:id/submit',
    'GET /api/supplier-orders/:id/purchase-order.csv',
    'GET /api/supplier-orders/:id/purchase-order.html',
    'POST /api/webhooks/suppliers/:code',
    'POST /api/routing/what-if',
  ].map((r) => ({ method: r.split(' ')[0]!, url: r.split(' ')[1]! }));

  beforeAll(async () => {
    t = await testApp('embedded');
    const res = await t.app.inject('/docs/json');
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => t.close());

  it('is an OpenAPI 3 document with the bearer scheme', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.components.securitySchemes).toMatchObject({ bearerAuth: { type: 'http', scheme: 'bearer' } });
  });

  it('lists every API route with a success response and the error responses in the common format', () => {
    const api = routes.filter((r) => r.url.startsWith('/api/'));
    for (const { method, url } of api) {
      expect(t.app.hasRoute({ method, url }), `${method} ${url} is not a route of the app`).toBe(true);
    }
    for (const { method, url } of api) {
      const path = url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[method.toLowerCase()];
      expect(op, `${method} ${url} missing from the document`).toBeDefined();
      const codes = Object.keys(op!.responses);
      expect(
        codes.some((c) => /^2\d\d$/.test(c)),
        `${method} ${url}: ${codes}`,
      ).toBe(true);
      expect(codes, `${method} ${url}`).toContain('500');
      for (const code of codes.filter((c) => /^[45]\d\d$/.test(c))) {
        const schema = op!.responses[code]!.content?.['application/json']?.schema as { properties?: object };
        expect(schema?.properties, `${method} ${url} ${code}`).toHaveProperty('error');
      }
    }
    // The runbook's calls.
    expect(doc.paths['/api/products']?.get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'offset', 'cursor', 'category', 'q', 'minPrice', 'maxPrice', 'inStock', 'sort']),
    );
    expect(doc.paths['/api/suppliers']?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/suppliers']?.get?.responses).toHaveProperty('401');
    expect(doc.paths['/api/orders']?.post?.responses).toHaveProperty('201');
    expect(doc.paths['/api/orders']?.post?.parameters?.map((p) => `${p.in}:${p.name}`)).toContain(
      'header:idempotency-key',
    );
    expect(doc.paths['/health']?.get).toBeDefined();
  });

  it('marks every query parameter that has a default as not required (limit of the products list among them)', () => {
    const withDefault = Object.values(doc.paths)
      .flatMap((ops) => Object.values(ops))
      .flatMap((op) => op.parameters ?? [])
      .filter((p) => p.in === 'query' && p.schema?.default !== undefined);
    expect(withDefault.map((p) => p.name)).toContain('limit');
    expect(withDefault.filter((p) => p.required).map((p) => p.name)).toEqual([]);
    const list = doc.paths['/api/products']?.get?.parameters?.find((p) => p.name === 'limit');
    expect(list).toMatchObject({ required: false, schema: { default: 20 } });
  });

  it('marks the catalog import options that have a default as not required', () => {
    const upload = doc.paths['/api/suppliers/{id}/catalog-imports']?.post;
    const options = (upload?.parameters ?? []).filter((p) => ['mode', 'force', 'createDrafts'].includes(p.name));
    expect(options.map((p) => [p.name, p.schema?.default, p.required ?? false])).toEqual([
      ['mode', 'full', false],
      ['force', false, false],
      ['createDrafts', false, false],
    ]);
  });

  it('never documents supplier credentials in a response', () => {
    const supplier = JSON.stringify(doc.paths['/api/suppliers/{id}']?.get?.responses['200']);
    expect(supplier).toContain('hasApiCredentials');
    expect(supplier).not.toContain('"apiCredentials"');
    expect(JSON.stringify(doc.paths['/api/suppliers']?.post?.requestBody)).toContain('apiCredentials');
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
      expect(m, ref).not.toBeNull();
      expect(doc.components.schemas, ref).toHaveProperty([m![1]!]);
    }
  });

  it('serves the browsable UI at /docs', async () => {
    const res = await t.app.inject('/docs/');
    expect([200, 302]).toContain(res.statusCode);
    const page = res.statusCode === 302 ? await t.app.inject(res.headers.location as string) : res;
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger');
  });
});
