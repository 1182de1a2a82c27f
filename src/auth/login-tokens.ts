/**
 * Login tokens: `v1.<payload>.<signature>`, payload = base64url JSON {sub, role, exp}, signature =
 * HMAC-SHA256 over "v1.<payload>" with the configured secret. Stateless; the user is re-checked
 * (still active, current role) on every request, so deactivating a user ends their sessions.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Role } from './types.js';

export interface LoginClaims {
  sub: number;
  role: Role;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const PREFIX = 'v1.';

export function signLoginToken(secret: Buffer, claims: LoginClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${PREFIX}${payload}.${signature(secret, payload)}`;
}

/** The claims of a valid, unexpired token; undefined for anything else. */
export function verifyLoginToken(secret: Buffer, token: string, now = Date.now()): LoginClaims | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const [payload, sig, ...rest] = token.slice(PREFIX.length).split('.');
  if (!payload || !sig || rest.length > 0) return undefined;
  const expected = Buffer.from(signature(secret, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const c = claims as Partial<LoginClaims>;
  if (!Number.isSafeInteger(c.sub) || typeof c.exp !== 'number' || (c.role !== 'admin' && c.role !== 'staff')) {
    return undefined;
  }
  if (c.exp * 1000 <= now) return undefined;
  return c as LoginClaims;
}

export function isLoginToken(token: string): boolean {
  return token.startsWith(PREFIX);
}

function signature(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret)
    .update(PREFIX + payload)
    .digest('base64url');
}
