/**
 * The one place errors become HTTP responses, always as {"error": {"code", "message", "details"}}:
 * domain errors (src/errors.ts) by class, request validation by field, database errors by
 * SQLSTATE (src/db/sqlstate.ts, never by message text), anything else as a generic 500 whose
 * detail goes only to the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InvalidInputError,
  NotFoundError,
  UnauthenticatedError,
  type FieldProblem,
} from '../errors.js';
import { meaningOf, type DatabaseErrorKind } from '../db/constraints.js';
import { databaseError, type DatabaseErrorFields } from '../db/sqlstate.js';

export interface HttpError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const DOMAIN_STATUS: [new (...args: never[]) => DomainError, number][] = [
  [InvalidInputError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [IdempotencyKeyReusedError, 422],
];

export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof DomainError) {
    const status = DOMAIN_STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
    return { status, code: error.code, message: error.message, details: error.details };
  }
  const validation = validationError(error);
  if (validation) return validation;
  const db = databaseError(error);
  if (db) return fromDatabase(db);
  const status = (error as FastifyError | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors (body too large, bad JSON, wrong content type, rate limit).
    return { status, code: CLIENT_CODES[status] ?? 'bad_request', message: (error as Error).message };
  }
  return undefined;
}

const CLIENT_CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function fromDatabase(db: DatabaseErrorFields): HttpError | undefined {
  const meaning = meaningOf(db);
  if (!meaning) return undefined;
  const details = meaning.field
    ? [meaning.field]
    : meaning.constraint
      ? [{ constraint: meaning.constraint }]
      : undefined;
  const [status, code] = DATABASE_STATUS[meaning.kind];
  const message = meaning.kind === 'busy' ? 'the database is busy; retry the request' : meaning.message;
  return { status, code, message, ...(details ? { details } : {}) };
}

const DATABASE_STATUS: Record<DatabaseErrorKind, [number, string]> = {
  duplicate: [409, 'conflict'],
  missing_reference: [400, 'invalid_input'],
  referenced: [409, 'conflict'],
  broken_rule: [400, 'invalid_input'],
  malformed: [400, 'invalid_input'],
  busy: [503, 'busy'],
  unavailable: [503, 'database_unavailable'],
  schema_behind: [503, 'schema_behind'],
};

interface AjvError {
  keyword: string;
  instancePath: string;
  schemaPath?: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: Record<string, unknown>;
}

function validationError(error: unknown): HttpError | undefined {
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (!Array.isArray(fe?.validation)) return undefined;
  const where = fe.validationContext ?? 'body';
  const problems = fieldProblems(fe.validation, where);
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  const message = first ? `${where} ${first.path || '/'}: ${first.message}${more}` : `${where} is invalid`;
  return { status: 400, code: 'validation_failed', message, details: problems };
}

export function fieldProblems(errors: AjvError[], where: string): (FieldProblem & { in: string })[] {
  // anyOf/oneOf add a summary error beside the specific ones: keep it only if nothing else names the field.
  const specific = taggedUnions(errors).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const chosen = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  const problems: (FieldProblem & { in: string })[] = [];
  for (const e of chosen) {
    let path = e.instancePath;
    if (e.keyword === 'required') path += `/${String(e.params.missingProperty)}`;
    if (e.keyword === 'additionalProperties') path += `/${String(e.params.additionalProperty)}`;
    const message = describe(e, where);
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ in: where, path, message });
  }
  return problems;
}

const BRANCH = /\/(?:anyOf|oneOf)\/(\d+)(?=\/)/g;

/** Every union an error's schema path passes through (its path up to anyOf/oneOf), with the branch taken. */
function branchesOf(e: AjvError): { union: string; branch: string }[] {
  const path = e.schemaPath ?? '';
  return [...path.matchAll(BRANCH)].map((m) => ({
    union: path.slice(0, m.index + m[0].length - m[1]!.length - 1),
    branch: m[1]!,
  }));
}

/**
 * A union of objects told apart by a constant field (e.g. `kind`) fails in every branch; only
 * the branch whose constant the input names is meant. Its errors are kept and the other branches'
 * dropped; when no branch's constant matches, one error says which values the field takes.
 * Outer unions first, so a union inside a branch that is dropped goes with it.
 */
function taggedUnions(errors: AjvError[]): AjvError[] {
  const unions = [...new Set(errors.flatMap((e) => branchesOf(e).map((b) => b.union)))].sort(
    (a, b) => a.length - b.length,
  );
  let out = errors;
  for (const union of unions) {
    const branchOf = (e: AjvError) => branchesOf(e).find((b) => b.union === union)?.branch;
    const members = out.filter((e) => branchOf(e) !== undefined);
    // The constant a branch asks for, where it is the branch's own field (not one of a union inside it).
    const tagMissed = new Map(
      members
        .filter((e) => e.keyword === 'const' && branchesOf(e).at(-1)?.union === union)
        .map((e) => [branchOf(e)!, e]),
    );
    if (tagMissed.size === 0) continue;
    const branches = new Set(members.map(branchOf));
    const tagPaths = new Set([...tagMissed.values()].map((e) => e.instancePath));
    if (tagMissed.size < branches.size) {
      out = out.filter((e) => !tagMissed.has(branchOf(e) ?? ''));
    } else if (tagPaths.size === 1) {
      const first = [...tagMissed.values()][0]!;
      const allowed = [...tagMissed.values()].map((e) => String(e.params.allowedValue));
      out = [
        ...out.filter((e) => branchOf(e) === undefined && e.schemaPath !== union),
        { ...first, keyword: 'enum', params: { allowedValues: allowed }, parentSchema: {} },
      ];
    }
  }
  return out;
}

function describe(e: AjvError, where: string): string {
  const custom = e.parentSchema?.['x-message'];
  if (typeof custom === 'string' && e.keyword !== 'required' && e.keyword !== 'additionalProperties') return custom;
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return where === 'querystring' ? 'is not a known parameter' : 'is not a known field';
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters long`;
    case 'minItems':
      return `must have at least ${String(p.limit)} item(s)`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'format':
      return `must be a valid ${String(p.format)}`;
    case 'type':
      return `must be ${TYPE_NAMES[String(p.type)] ?? String(p.type)}`;
    case 'pattern':
      return `has the wrong format (expected ${String(p.pattern)})`;
    default:
      return e.message ?? 'is invalid';
  }
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** Installs the error and not-found handlers on the app. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = toHttpError(error);
    if (mapped) {
      if (mapped.status >= 500) request.log.warn({ err: error }, mapped.message);
      else request.log.info({ code: mapped.code, status: mapped.status }, mapped.message);
      if (mapped.status === 401) void reply.header('www-authenticate', 'Bearer realm="jne"');
      return reply.code(mapped.status).send(body(mapped));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(
      body({
        status: 500,
        code: 'internal_error',
        message: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
      }),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(body({ status: 404, code: 'not_found', message: `There is no route ${request.method} ${request.url}` })),
  );
}

function body(error: HttpError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
    },
  };
}
