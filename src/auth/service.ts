/** Rules of authentication: creating users and tokens, logging in, recognising a bearer token. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { InvalidInputError, NotFoundError, UnauthenticatedError } from '../errors.js';
import { generateApiToken, hashApiToken, isApiToken } from './api-tokens.js';
import { isLoginToken, signLoginToken, verifyLoginToken } from './login-tokens.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';
import * as repo from './repository.js';
import { ROLES, type ApiToken, type Principal, type Role, type User } from './types.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export async function createUser(
  db: Kysely<DB>,
  input: { email: string; password: string; role: string; name?: string | null },
): Promise<User> {
  const email = input.email.trim();
  if (!EMAIL.test(email)) throw InvalidInputError.field('/email', `"${email}" is not an e-mail address`);
  const role = checkRole(input.role);
  const passwordHash = await hashPassword(input.password);
  return repo.insertUser(db, { email, passwordHash, role, name: input.name ?? null });
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: User;
}

export async function login(
  db: Kysely<DB>,
  secret: Buffer,
  ttlSeconds: number,
  credentials: { email: string; password: string },
  now = Date.now(),
): Promise<LoginResult> {
  const user = await repo.findUserByEmail(db, credentials.email.trim());
  // Verify against a dummy hash when there is no such user: the answer takes as long either way.
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), credentials.password);
  if (!user || !ok || !user.is_active) throw new UnauthenticatedError('e-mail address or password is wrong');
  await repo.recordLogin(db, user.id);
  const exp = Math.floor(now / 1000) + ttlSeconds;
  return {
    token: signLoginToken(secret, { sub: user.id, role: user.role, exp }),
    expiresAt: new Date(exp * 1000).toISOString(),
    user: repo.toUser(user),
  };
}

/** The principal of an Authorization header value; throws UnauthenticatedError for a bad one. */
export async function authenticate(db: Kysely<DB>, secret: Buffer, header: string): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
  const token = match[1]!;
  if (isApiToken(token)) {
    const found = await repo.useApiToken(db, hashApiToken(token));
    if (!found) throw new UnauthenticatedError('the API token is unknown, expired or revoked');
    return { kind: 'token', tokenId: found.id, name: found.name, role: found.role };
  }
  if (isLoginToken(token)) {
    const claims = verifyLoginToken(secret, token);
    if (!claims) throw new UnauthenticatedError('the login token is invalid or expired; log in again');
    const user = await repo.findActiveUser(db, claims.sub);
    if (!user) throw new UnauthenticatedError('the user of this login token no longer exists or is deactivated');
    return { kind: 'user', userId: user.id, email: user.email, role: user.role };
  }
  throw new UnauthenticatedError('the bearer token is not a JNE Outlet token');
}

export async function createApiToken(
  db: Kysely<DB>,
  input: { name: string; role: string; expiresInDays?: number | undefined },
  now = Date.now(),
): Promise<{ token: string; record: ApiToken }> {
  const name = input.name.trim();
  if (name === '') throw InvalidInputError.field('/name', 'must not be empty');
  const role = checkRole(input.role);
  const expiresAt = input.expiresInDays ? new Date(now + input.expiresInDays * 86_400_000) : null;
  const generated = generateApiToken();
  const record = await repo.insertApiToken(db, {
    name,
    hash: generated.hash,
    prefix: generated.prefix,
    role,
    expiresAt,
  });
  return { token: generated.token, record };
}

export async function revokeApiToken(db: Kysely<DB>, ref: { id: number } | { prefix: string }): Promise<ApiToken[]> {
  const revoked = await repo.revokeApiToken(db, ref);
  if (revoked.length === 0) {
    throw new NotFoundError('id' in ref ? `there is no API token ${ref.id}` : `there is no API token ${ref.prefix}…`);
  }
  return revoked;
}

export const listApiTokens = repo.listApiTokens;

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw InvalidInputError.field('/role', `must be one of ${ROLES.join(', ')}, got "${role}"`);
  }
  return role as Role;
}
