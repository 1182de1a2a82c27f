/** POST /api/auth/login, GET /api/auth/me, and the admin routes of API tokens. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../db/types.js';
import { requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
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

/** Everything under /api/auth. */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteDeps> = async (app, deps) => {
  const { db } = deps;

  app.post(
    '/login',
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
    '/me',
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
};

/** Everything under /api/tokens. */
export const apiTokenRoutes: FastifyPluginAsyncTypebox<AuthRouteDeps> = async (app, deps) => {
  const { db } = deps;
  const admin = { preValidation: requireRole('admin') };

  app.get(
    '',
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
    '',
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
    '/:id',
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
};
