/**
 * Domain errors: small classes that say what went wrong in the shop's terms. The domain throws
 * them; src/http/errors.ts is the one place that maps them (and database errors) to HTTP.
 */

/** One problem with one input field; `path` is a JSON pointer into the request, e.g. /items/1/quantity. */
export interface FieldProblem {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is well-formed but breaks a rule (unknown product, bad cron expression, ...). */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid_input';
  constructor(message: string, details: FieldProblem[] = []) {
    super(message, details);
  }
  static field(path: string, message: string): InvalidInputError {
    return new InvalidInputError(`${path.replace(/^\//, '')}: ${message}`, [{ path, message }]);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** The request conflicts with the current state (a duplicate, a reference that prevents it). */
export class ConflictError extends DomainError {
  readonly code: string = 'conflict';
}

/** An Idempotency-Key was reused with a different request body. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'idempotency_key_reused';
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}
