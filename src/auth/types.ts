/**
 * Who is calling: a staff user (login token) or a machine (API token), and with which role. Users
 * and tokens as the API shows them are the TypeBox schemas' types (schemas.ts).
 */
import type { Static } from 'typebox';
import type { Role } from '../db/types.js';
import type { ApiTokenSchema, UserSchema } from './schemas.js';

export type { Role };
export const ROLES: readonly Role[] = ['admin', 'staff'];

export type Principal =
  | { kind: 'user'; userId: number; email: string; role: Role }
  | { kind: 'token'; tokenId: number; name: string; role: Role };

export type User = Static<typeof UserSchema>;
export type ApiToken = Static<typeof ApiTokenSchema>;
