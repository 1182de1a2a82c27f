/** Who is calling: a staff user (login token) or a machine (API token), and with which role. */
import type { Role } from '../db/types.js';

export type { Role };
export const ROLES: readonly Role[] = ['admin', 'staff'];

export type Principal =
  | { kind: 'user'; userId: number; email: string; role: Role }
  | { kind: 'token'; tokenId: number; name: string; role: Role };

export interface User {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  isActive: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}
