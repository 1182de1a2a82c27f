/** Schemas shared by every route: the error body, money, ids, paging. */
import { Type, type TSchema } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'machine-readable, e.g. validation_failed, not_found, conflict' }),
      message: Type.String({ description: 'for people: what went wrong and where' }),
      details: Type.Optional(
        Type.Unknown({ description: 'e.g. [{"in":"body","path":"/items/1/quantity","message":"..."}]' }),
      ),
    }),
  },
  { title: 'Error' },
);

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: the message and details name the field and why',
  401: 'No bearer token, or an invalid, expired or revoked one',
  403: 'The token is valid but its role may not do this',
  404: 'Not found',
  409: 'Conflicts with existing data (a duplicate, a reference)',
  413: 'Request body too large',
  422: 'Idempotency-Key reused with a different request body',
  429: 'Too many requests',
  503: 'Database busy; retry',
};

/** The error responses a route can give, each documented in the OpenAPI document. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const status of [...statuses, 500]) {
    out[status] = Type.Object(ErrorResponse.properties, {
      description: ERROR_DESCRIPTIONS[status] ?? 'Unexpected error: a generic message; the detail is only in the log',
    });
  }
  return out;
}

/** A money amount as a decimal string with up to 2 decimals, e.g. "19.99" (never a float). */
export const Money = (options: { description?: string } = {}) =>
  Type.String({
    pattern: '^[0-9]{1,10}(\\.[0-9]{1,2})?$',
    'x-message': 'must be an amount as a decimal string like "19.99"',
    examples: ['19.99'],
    ...options,
  });

/** A cost with up to 4 decimals (supplier and purchase prices). */
export const Cost = (options: { description?: string } = {}) =>
  Type.String({
    pattern: '^[0-9]{1,8}(\\.[0-9]{1,4})?$',
    'x-message': 'must be an amount as a decimal string like "7.4250"',
    examples: ['7.4250'],
    ...options,
  });

export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9007199254740991 }) });

export const Timestamp = Type.String({ format: 'date-time' });

export const bearer = [{ bearerAuth: [] }];
