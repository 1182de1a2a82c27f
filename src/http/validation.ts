/**
 * Request validation: Fastify's Ajv compiler, twice. Query strings, path parameters and headers
 * arrive as text, so their values are coerced to the schema's types ("20" -> 20). JSON bodies
 * carry types of their own and are taken exactly: "2" or [2] where a number is expected is a
 * 400, never quietly turned into 2.
 *
 * Validators and response serializers are compiled once per process for each schema (compiling
 * them is most of what an app spends getting ready, about 0.2 s of CPU): an app built again in
 * the same process, as the tests build hundreds, reuses them. Neither keeps anything between
 * calls (Ajv leaves a call's errors on the validator, which Fastify reads at once).
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type BuildValidator = NonNullable<CompilersFactory['buildValidator']>;
type BuildSerializer = NonNullable<CompilersFactory['buildSerializer']>;

/** Compiled functions by compiler options and schema, as JSON (the schemas are plain JSON Schema). */
function cached<R extends { schema?: unknown }, F>(cache: Map<string, F>, options: string, compile: (route: R) => F) {
  return (route: R): F => {
    const key = options + JSON.stringify(route.schema);
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = compile(route);
      cache.set(key, compiled);
    }
    return compiled;
  };
}

const ajvPool = AjvCompiler();
const validators = new Map<string, ReturnType<ReturnType<BuildValidator>>>();

export function exactBodies(): BuildValidator {
  return (externalSchemas, options) => {
    // The app's ajv options (src/http/app.ts), with coercion; the same without it for bodies.
    type Options = Parameters<typeof ajvPool>[1];
    const given = (options ?? {}) as Options & { customOptions?: Record<string, unknown> };
    const exactOptions = { ...given, customOptions: { ...given.customOptions, coerceTypes: false } } as Options;
    const key = (o: Options) => JSON.stringify([externalSchemas, (o as { customOptions?: unknown }).customOptions]);
    const coercing = cached(validators, key(given), ajvPool(externalSchemas, given));
    const exact = cached(validators, key(exactOptions), ajvPool(externalSchemas, exactOptions));
    return (route) => (route.httpPart === 'body' ? exact(route) : coercing(route));
  };
}

const serializerPool = SerializerSelector();
const serializers = new Map<string, ReturnType<ReturnType<BuildSerializer>>>();

export function sharedSerializers(): BuildSerializer {
  return (externalSchemas, options) =>
    cached(serializers, JSON.stringify([externalSchemas, options]), serializerPool(externalSchemas, options));
}
