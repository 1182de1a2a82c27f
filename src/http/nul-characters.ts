/**
 * PostgreSQL text cannot hold the NUL character (U+0000): a request that carries one anywhere in
 * its path parameters, query or JSON body is refused before validation with a 400 naming where,
 * instead of failing in the database.
 */
import { Stream } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '../errors.js';

export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const where =
      findNul(request.params, 'params') ?? findNul(request.query, 'querystring') ?? findNul(request.body, 'body');
    if (where) {
      throw new InvalidInputError(`${where.in} ${where.path || '/'}: must not contain the NUL character (\\u0000)`, [
        { path: where.path, message: 'must not contain the NUL character (\\u0000)' },
      ]);
    }
  });
}

function findNul(value: unknown, where: string, path = ''): { in: string; path: string } | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? { in: where, path } : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, where, `${path}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  // A raw body handed on as a stream (a feed upload) is the route's to read, not walked here.
  if (value && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Stream)) {
    for (const [key, item] of Object.entries(value)) {
      const child = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.includes('\u0000')) return { in: where, path: child };
      const found = findNul(item, where, child);
      if (found) return found;
    }
  }
  return undefined;
}
