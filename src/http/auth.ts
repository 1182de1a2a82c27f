/**
 * Bearer authentication for the whole app: a request with an Authorization header gets its
 * principal (or a 401 if the token is bad, even on a public route); routes of the admin surface
 * add `requireRole(...)`, which answers 401 without a token and 403 for a role that may not.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { authenticate } from '../auth/service.js';
import type { Principal, Role } from '../auth/types.js';
import type { DB } from '../db/types.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { App } from './types.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function installAuth(app: App, db: Kysely<DB>, secret: Buffer): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') return;
    request.principal = await authenticate(db, secret, header);
    request.log.debug({ principal: describe(request.principal) }, 'authenticated');
  });
}

/** A hook that lets through only the given roles; routes run it as preValidation, so a caller without the right role hears 401/403 before anything about its input. */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const principal = request.principal;
    if (!principal) {
      throw new UnauthenticatedError('this needs a bearer token: Authorization: Bearer <token>');
    }
    if (!roles.includes(principal.role)) {
      throw new ForbiddenError(`the role ${principal.role} may not do this; it needs ${roles.join(' or ')}`);
    }
  };
}

/** True for a logged-in admin or staff member: they see drafts, archived products, all orders. */
export function isStaff(request: FastifyRequest): boolean {
  return request.principal !== null;
}

/** The audit trail's "who": the user's e-mail, or the API token's name. */
export function actorOf(request: FastifyRequest): string {
  const p = request.principal;
  if (!p) throw new UnauthenticatedError('this needs a bearer token: Authorization: Bearer <token>');
  return p.kind === 'user' ? p.email : p.name;
}

function describe(p: Principal): string {
  return p.kind === 'user' ? `user ${p.userId} (${p.role})` : `token ${p.tokenId} ${p.name} (${p.role})`;
}
