/** Validators and serializers compiled once per process (src/http/validation.ts), and what they check. */
import { describe, expect, it } from 'vitest';
import { exactBodies, sharedSerializers } from '../../src/http/validation.js';

const options = { customOptions: { coerceTypes: 'array', useDefaults: true, allErrors: true } };
const schema = () => ({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

function validator(httpPart: 'body' | 'querystring', s: object): Validate {
  const compile = exactBodies()({}, options as never);
  return compile({ schema: s, httpPart, method: 'POST', url: '/things' }) as Validate;
}

describe('request validation', () => {
  it('a second app gets the validator compiled for an equal schema; bodies exact, query strings coerced', () => {
    const body = validator('body', schema());
    expect(validator('body', schema())).toBe(body);
    const query = validator('querystring', schema());
    expect(query).not.toBe(body);
    expect(validator('querystring', schema())).toBe(query);

    expect(body({ n: 2 })).toBe(true);
    expect(body({ n: '2' })).toBe(false);
    expect(body.errors?.length).toBe(1);
    const data = { n: '2' };
    expect(query(data)).toBe(true);
    expect(data).toEqual({ n: 2 });

    const other = validator('body', { ...schema(), properties: { n: { type: 'string' } } });
    expect(other).not.toBe(body);
    expect(other({ n: '2' })).toBe(true);
  });

  it('a second app gets the serializer compiled for an equal schema', () => {
    const serializer = (s: object) =>
      sharedSerializers()({}, {})({ schema: s, method: 'GET', url: '/things', httpStatus: '200' });
    const first = serializer(schema());
    expect(serializer(schema())).toBe(first);
    expect(first({ n: 2, secret: 'left out' })).toBe('{"n":2}');
    const other = serializer({ ...schema(), properties: { n: { type: 'string' } } });
    expect(other).not.toBe(first);
    expect(other({ n: 2 })).toBe('{"n":"2"}');
  });
});
