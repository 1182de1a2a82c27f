/** POST /api/auth/login, GET /api/auth/me, and the admin routes of API tokens. */
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../db/types.js';
import { requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import type { App } from '../http/types.js';
import { UnauthenticatedError } from '../errors.js';
import {
  ApiTokenSchema,
  CreateApiTokenBody,
  CreatedApiToken,
  LoginBody,
  LoginResponse,
  MeResponse,
} from './schemas.js';
import { createApiToken, listApiTokens, login, revokeApiToken } from './service.js';

export interface AuthRouteDeps {
  db: Kysely<DB>;
  secret: Buffer;
  tokenTtlSeconds: number;
  loginRateLimitPerMinute: number;
}

export function authRoutes(app: App, deps: AuthRouteDeps): void {
  const { db } = deps;

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: deps.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in a staff user; returns a bearer token',
        body: LoginBody,
        response: { 200: LoginResponse, ...errors(400, 401, 429) },
      },
    },
    async (request) => login(db, deps.secret, deps.tokenTtlSeconds, request.body),
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who the bearer token belongs to',
        security: bearer,
        response: { 200: MeResponse, ...errors(401) },
      },
    },
    async (request) => {
      if (!request.principal)
        throw new UnauthenticatedError('this needs a bearer token: Authorization: Bearer <token>');
      return request.principal;
    },
  );

  const admin = { preHandler: requireRole('admin') };

  app.get(
    '/api/tokens',
    {
      ...admin,
      schema: {
        tags: ['auth'],
        summary: 'List API tokens (admin)',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(ApiTokenSchema) }), ...errors(401, 403) },
      },
    },
    async () => ({ items: await listApiTokens(db) }),
  );

  app.post(
    '/api/tokens',
    {
      ...admin,
      schema: {
        tags: ['auth'],
        summary: 'Create a long-lived API token (admin); the token is shown once',
        security: bearer,
        body: CreateApiTokenBody,
        response: { 201: CreatedApiToken, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await createApiToken(db, request.body)),
  );

  app.delete(
    '/api/tokens/:id',
    {
      ...admin,
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token (admin); it stays listed with its revocation time',
        security: bearer,
        params: IdParam,
        response: { 200: ApiTokenSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => (await revokeApiToken(db, { id: request.params.id }))[0]!,
  );
}
