/**
 * Request validation: Fastify's Ajv compiler, twice. Query strings, path parameters and headers
 * arrive as text, so their values are coerced to the schema's types ("20" -> 20). JSON bodies
 * carry types of their own and are taken exactly: "2" or [2] where a number is expected is a
 * 400, never quietly turned into 2.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildValidator = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

export function exactBodies(): BuildValidator {
  const pool = AjvCompiler();
  return (externalSchemas, options) => {
    // The app's ajv options (src/http/app.ts), with coercion; the same without it for bodies.
    type Options = Parameters<typeof pool>[1];
    const given = (options ?? {}) as Options & { customOptions?: Record<string, unknown> };
    const coercing = pool(externalSchemas, given);
    const exact = pool(externalSchemas, {
      ...given,
      customOptions: { ...given.customOptions, coerceTypes: false },
    } as Options);
    return (route) => (route.httpPart === 'body' ? exact(route) : coercing(route));
  };
}
