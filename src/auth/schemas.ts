/** Request and response schemas of the auth routes. */
import { Type } from 'typebox';
import { Timestamp } from '../http/schemas.js';

export const RoleSchema = Type.Enum(['admin', 'staff']);

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const UserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: RoleSchema,
  isActive: Type.Boolean(),
  lastLoginAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'send as Authorization: Bearer <token>' }),
  expiresAt: Timestamp,
  user: UserSchema,
});

export const MeResponse = Type.Object({
  kind: Type.Enum(['user', 'token']),
  role: RoleSchema,
  userId: Type.Optional(Type.Integer()),
  email: Type.Optional(Type.String()),
  tokenId: Type.Optional(Type.Integer()),
  name: Type.Optional(Type.String()),
});

export const ApiTokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'first characters of the token, to tell tokens apart' }),
  role: RoleSchema,
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  expiresAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});

export const CreateApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: RoleSchema,
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);

export const CreatedApiToken = Type.Object({
  token: Type.String({ description: 'shown once; only its sha256 is stored' }),
  record: ApiTokenSchema,
});
