/**
 * Serves the web frontend (web/dist, built by `npm run build:web`) from the shop's own server.
 * Files are served as they are; any other GET that a browser makes for a page (it accepts
 * text/html) gets index.html, so /p/some-product or /checkout work on reload. /api, /docs and
 * /health never fall back: an unknown /api/... stays the API's JSON 404.
 * Without a build, pages get a short HTML note (503) that says how to build it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
// For `schema.hide`: the page fallback is not part of the API document.
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PREFIXES = ['/api', '/docs', '/health'];

/** web/dist of this checkout, from src/http (tsx, vitest) or dist/src/http (compiled). */
export function defaultDistDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../..'), path.resolve(here, '../../..')];
  const root = candidates.find((dir) => fs.existsSync(path.join(dir, 'web', 'index.html'))) ?? candidates[0]!;
  return path.join(root, 'web', 'dist');
}

export async function registerWeb(app: FastifyInstance, distDir: string = defaultDistDir()): Promise<void> {
  const root = path.resolve(distDir);
  const index = path.join(root, 'index.html');
  // Checked again on each page request: a build made while the server runs is picked up.
  if (!fs.existsSync(index)) {
    app.log.warn({ distDir: root }, 'web frontend is not built: run `npm run build` (or `npm run build:web`)');
  }
  await app.register(fastifyStatic, { root, serve: false, decorateReply: true, suppressWarning: true });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const urlPath = pathOf(request.url);
    if (urlPath === null || isServerPath(urlPath)) return reply.callNotFound();
    if (!fs.existsSync(index)) {
      if (!wantsPage(request, urlPath)) return reply.callNotFound();
      return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
    }
    const file = fileIn(root, urlPath);
    if (file) {
      const hashed = file.startsWith('assets/');
      return reply.sendFile(file, { maxAge: hashed ? '365d' : '1h', immutable: hashed });
    }
    if (wantsPage(request, urlPath)) return sendIndex(reply);
    return reply.callNotFound();
  });
}

function sendIndex(reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'no-cache')
    .sendFile('index.html', { maxAge: 0, immutable: false, cacheControl: false });
}

/** The decoded path of a request URL, or null when it is not valid percent-encoding. */
function pathOf(url: string): string | null {
  const raw = url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function isServerPath(urlPath: string): boolean {
  return SERVER_PREFIXES.some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`));
}

/** The dist-relative path of an existing regular file for this URL path, never outside root. */
function fileIn(root: string, urlPath: string): string | null {
  const relative = urlPath.replace(/^\/+/, '');
  if (relative === '' || relative.includes('\0')) return null;
  const absolute = path.resolve(root, relative);
  if (!absolute.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(absolute).isFile() ? path.relative(root, absolute).split(path.sep).join('/') : null;
  } catch {
    return null;
  }
}

/**
 * A browser asking for a page: it accepts text/html (or anything, as curl says) and the path does
 * not look like a file (a missing /assets/x.js must be a 404, not index.html). No Accept header
 * at all (scripts, inject) gets the API's 404.
 */
function wantsPage(request: FastifyRequest, urlPath: string): boolean {
  const accept = request.headers.accept ?? '';
  const looksLikeFile = /\.[a-z0-9]{1,8}$/i.test(urlPath.split('/').pop() ?? '');
  if (looksLikeFile) return false;
  return accept.includes('text/html') || accept.includes('*/*');
}

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>JNE Outlet: frontend not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 640px; margin: 48px auto; padding: 0 16px; line-height: 1.5">
<h1>The shop's frontend is not built yet</h1>
<p>The API is running (see <a href="/health">/health</a> and <a href="/docs">/docs</a>), but <code>web/dist</code> does not exist.</p>
<p>Build it with <code>npm run build</code> (or only the frontend with <code>npm run build:web</code>) and reload this page.</p>
</body>
</html>
`;
