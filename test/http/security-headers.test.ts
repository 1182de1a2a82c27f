/** The security headers, taken from helmet once at start, are the ones helmet sets on a response. */
import http from 'node:http';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { helmetHeaders } from '../../src/http/security-headers.js';

const OPTIONS = { contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'https:'] } } };

describe('helmetHeaders', () => {
  it('equals what helmet sets on a real response', async () => {
    const server = http.createServer((req, res) => {
      helmet(OPTIONS)(req, res, () => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/`);
      const real: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name))
          real[name] = value;
      });
      const computed = helmetHeaders(OPTIONS);
      expect(computed).toEqual(real);
      expect(computed['content-security-policy']).toContain("img-src 'self' data: https:");
    } finally {
      server.close();
    }
  });
});
