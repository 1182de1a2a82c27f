import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWeb } from '../../src/http/web.js';

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

async function appWith(distDir: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'not_found', message: `There is no route ${request.method} ${request.url}` } }),
  );
  app.get('/api/products', async () => ({ items: [] }));
  app.get('/health', async () => ({ status: 'ok' }));
  await registerWeb(app, distDir);
  await app.ready();
  return app;
}

describe('registerWeb with a built frontend', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>JNE Outlet</title><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("shop")');
    fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.writeFileSync(path.join(os.tmpdir(), 'jne-web-outside.txt'), 'secret');
    app = await appWith(dir);
  });

  afterAll(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes a browser reloads', async () => {
    for (const url of ['/', '/p/red-sneakers', '/checkout', '/order/JNE-2025-000001', '/admin?tab=suppliers']) {
      const res = await app.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets as immutable and other files with a short cache', async () => {
    const js = await app.inject({ url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    const icon = await app.inject({ url: '/favicon.svg', headers: html });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.headers['cache-control']).not.toContain('immutable');
  });

  it('leaves /api, /docs and /health to the server: unknown ones are the JSON 404', async () => {
    for (const url of ['/api/nope', '/api', '/docs/nope', '/health/deep']) {
      const res = await app.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    expect((await app.inject({ url: '/api/products', headers: html })).json()).toEqual({ items: [] });
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
  });

  it('answers a missing file, a non-page request and a path outside dist with the 404', async () => {
    expect((await app.inject({ url: '/assets/index-old.js', headers: html })).statusCode).toBe(404);
    expect((await app.inject({ url: '/some/page' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/some/page', headers: { accept: 'application/json' } })).statusCode).toBe(404);
    const escape = await app.inject({ url: '/..%2fjne-web-outside.txt', headers: html });
    expect(escape.body).not.toContain('secret');
    // Broken percent-encoding: Fastify's router refuses it before any route (400), never a page.
    const broken = await app.inject({ url: '/%E0%A4%A', headers: html });
    expect([400, 404]).toContain(broken.statusCode);
    expect(broken.body).not.toContain('<div id="root">');
  });

  it('adds no route to other methods', async () => {
    expect((await app.inject({ method: 'POST', url: '/checkout', headers: html })).statusCode).toBe(404);
  });
});

describe('registerWeb without a build', () => {
  it('tells a browser to run npm run build, and picks the build up once it exists', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jne-web-')), 'dist');
    const app = await appWith(dir);
    try {
      const res = await app.inject({ url: '/', headers: html });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('npm run build');
      expect((await app.inject({ url: '/api/nope', headers: html })).statusCode).toBe(404);

      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
      const built = await app.inject({ url: '/cart', headers: html });
      expect(built.statusCode).toBe(200);
      expect(built.body).toContain('<div id="root">');
    } finally {
      await app.close();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
