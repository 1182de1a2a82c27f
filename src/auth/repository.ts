/** SQL of users and API tokens. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ApiTokensTable, DB, Role, UsersTable } from '../db/types.js';
import type { ApiToken, User } from './types.js';

export type UserRow = Selectable<UsersTable>;

export async function insertUser(
  db: Kysely<DB>,
  user: { email: string; passwordHash: string; role: Role; name?: string | null },
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({ email: user.email, password_hash: user.passwordHash, role: user.role, name: user.name ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findActiveUser(
  db: Kysely<DB>,
  id: number,
): Promise<Pick<UserRow, 'id' | 'email' | 'role'> | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'role'])
    .where('id', '=', id)
    .where('is_active', '=', true)
    .executeTakeFirst();
}

export async function recordLogin(db: Kysely<DB>, id: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ last_login_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertApiToken(
  db: Kysely<DB>,
  token: { name: string; hash: string; prefix: string; role: Role; expiresAt: Date | null },
): Promise<ApiToken> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      name: token.name,
      token_hash: token.hash,
      token_prefix: token.prefix,
      role: token.role,
      expires_at: token.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toApiToken(row);
}

/**
 * The role of a live token (not revoked, not expired), recording its use, in one statement.
 * A user's token acts with the user's current role and dies with the user's account.
 */
export async function useApiToken(
  db: Kysely<DB>,
  hash: string,
): Promise<{ id: number; name: string; role: Role } | undefined> {
  const result = await sql<{ id: number; name: string; role: Role | null }>`
    update api_tokens t
       set last_used_at = now()
     where t.token_hash = ${hash}
       and t.revoked_at is null
       and (t.expires_at is null or t.expires_at > now())
       and (t.user_id is null or exists (select 1 from users u where u.id = t.user_id and u.is_active))
    returning t.id, t.name, coalesce(t.role, (select u.role from users u where u.id = t.user_id)) as role`.execute(db);
  const row = result.rows[0];
  return row && row.role ? { id: row.id, name: row.name, role: row.role } : undefined;
}

export async function listApiTokens(db: Kysely<DB>): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('id').execute();
  return rows.map(toApiToken);
}

/** Revokes by id or by prefix; returns the token (already revoked ones keep their first revocation time). */
export async function revokeApiToken(db: Kysely<DB>, ref: { id: number } | { prefix: string }): Promise<ApiToken[]> {
  const rows = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .$if('id' in ref, (qb) => qb.where('id', '=', (ref as { id: number }).id))
    .$if('prefix' in ref, (qb) => qb.where('token_prefix', '=', (ref as { prefix: string }).prefix))
    .returningAll()
    .execute();
  return rows.map(toApiToken);
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    isActive: row.is_active,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

function toApiToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    role: row.role ?? 'staff',
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
