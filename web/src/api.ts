/**
 * The one place the frontend talks to the shop's API. Calls go through openapi-fetch, typed by
 * api/schema.d.ts, which `npm run api:types` generates from the API's own OpenAPI document
 * (/docs/json): the shapes below are that document's, so a renamed field fails the type check
 * instead of being guessed at run time. Money stays a decimal string ("19.99") from the server to
 * the screen; nothing here invents a value the server did not send.
 */
import createClient from 'openapi-fetch';
import { readSession, saveSession } from './admin/session.js';
import type { paths } from './api/schema.js';

// ---------------------------------------------------------------------------------------------
// Shapes, as the API document declares them
// ---------------------------------------------------------------------------------------------

export type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

type ProductPageBody = JsonOf<paths['/api/products']['get']['responses'][200]>;
type ApiProduct = JsonOf<paths['/api/products/{idOrSlug}']['get']['responses'][200]>;
type LoginBody = JsonOf<paths['/api/auth/login']['post']['responses'][200]>;

export type Product = ApiProduct;
export type ProductPage = ProductPageBody;
/** In our stock, shipped by a supplier (within so many days), or sold out: as the API says. */
export type Availability = Product['availability'];
export type CategoryNode = JsonOf<paths['/api/categories']['get']['responses'][200]>['items'][number];
export type OrderRequest = JsonOf<paths['/api/orders']['post']['requestBody']>;
export type Order = JsonOf<paths['/api/orders']['post']['responses'][201]>;
/** What the back office keeps of a login: the token and who signed in (the role decides what shows). */
export type Session = Pick<LoginBody, 'token' | 'expiresAt'> & {
  user: Pick<LoginBody['user'], 'email' | 'name' | 'role'>;
};
export type Role = Session['user']['role'];
export type SortKey = NonNullable<paths['/api/products']['get']['parameters']['query']>['sort'];

export interface ProductQuery {
  limit?: number;
  cursor?: string | null;
  /** Offset paging: the API then counts all matches (total). */
  offset?: number;
  category?: string | null;
  q?: string | null;
  minPrice?: string | null;
  maxPrice?: string | null;
  inStock?: boolean;
  sort?: SortKey;
}

// ---------------------------------------------------------------------------------------------
// Errors: the server's {"error": {"code", "message", "details"}}, or what went wrong on the way
// ---------------------------------------------------------------------------------------------

export interface ErrorDetail {
  /** Dotted path of the field, e.g. "shippingAddress.postalCode" or "items.0.quantity", if any. */
  field: string | null;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[],
    /** The server's details as it sent them, where they are more than field problems (a refused import's report). */
    readonly rawDetails?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'client_error', error instanceof Error ? error.message : String(error), []);
}

// ---------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------

// openapi-fetch builds a Request, which needs an absolute URL: the page's origin (there is no page
// when the client runs under Node, in tests). fetch is looked up on each call, not kept.
const client = createClient<paths>({
  baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin,
  fetch: (request: Request) => globalThis.fetch(request),
});

/**
 * The back office's client: the same API, with the staff session's bearer token on every request.
 * A 401 means the session is over (expired, or the user was disabled): it is forgotten, and the
 * console's layout sends the user to the login.
 */
export const staffApi = createClient<paths>({
  baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin,
  fetch: (request: Request) => globalThis.fetch(request),
});
staffApi.use({
  onRequest({ request }) {
    const session = readSession();
    if (session) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('authorization')) saveSession(null);
    return response;
  },
});

export async function listProducts(query: ProductQuery, signal?: AbortSignal): Promise<ProductPage> {
  return call(
    client.GET('/api/products', {
      params: {
        query: {
          limit: query.limit ?? 24,
          cursor: query.cursor || undefined,
          offset: query.offset || undefined,
          category: query.category || undefined,
          q: query.q || undefined,
          minPrice: query.minPrice || undefined,
          maxPrice: query.maxPrice || undefined,
          inStock: query.inStock || undefined,
          sort: query.sort ?? 'newest',
        },
      },
      signal,
    }),
  );
}

export async function getProduct(idOrSlug: string, signal?: AbortSignal): Promise<Product> {
  return call(client.GET('/api/products/{idOrSlug}', { params: { path: { idOrSlug } }, signal }));
}

export async function listCategories(signal?: AbortSignal): Promise<CategoryNode[]> {
  return (await call(client.GET('/api/categories', { signal }))).items;
}

/** Places a guest order. The same idempotencyKey for a retry of the same request. */
export async function placeOrder(order: OrderRequest, idempotencyKey: string): Promise<Order> {
  return call(client.POST('/api/orders', { body: order, params: { header: { 'idempotency-key': idempotencyKey } } }));
}

export async function lookupOrder(number: string, email: string, signal?: AbortSignal): Promise<Order> {
  return call(client.GET('/api/orders/{number}', { params: { path: { number }, query: { email } }, signal }));
}

export async function login(email: string, password: string): Promise<Session> {
  const { token, expiresAt, user } = await call(client.POST('/api/auth/login', { body: { email, password } }));
  return { token, expiresAt, user: { email: user.email, name: user.name, role: user.role } };
}

// ---------------------------------------------------------------------------------------------
// Transport: a 2xx gives the body, anything else an ApiError
// ---------------------------------------------------------------------------------------------

/** The body of a 2xx answer; anything else throws an ApiError. Every call of the web app goes through here. */
export async function call<Data>(
  pending: Promise<{ data?: Data; error?: unknown; response: Response }>,
): Promise<Data> {
  let result: Awaited<typeof pending>;
  try {
    result = await pending;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    if (error instanceof SyntaxError) {
      throw new ApiError(502, 'bad_response', 'The shop sent an answer that could not be read.', []);
    }
    throw new ApiError(0, 'network_error', 'The shop could not be reached. Check your connection and try again.', []);
  }
  const { data, error, response } = result;
  if (!response.ok) throw errorFrom(response.status, error);
  if (data === undefined) throw new ApiError(502, 'bad_response', 'The shop sent an empty answer.', []);
  return data;
}

/**
 * A file sent as the raw request body with the staff session's token, reporting its progress
 * (fetch reports none for uploads); a 2xx gives the JSON body, anything else the same ApiError as
 * call(). `url` is the API path with its query; Data is that route's 2xx body in api/schema.d.ts.
 */
export function uploadFile<Data>(
  url: string,
  file: Blob,
  options: { contentType: string; onProgress?: (sentShare: number) => void },
): Promise<Data> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('content-type', options.contentType);
    const session = readSession();
    if (session) request.setRequestHeader('authorization', `Bearer ${session.token}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    request.onerror = () =>
      reject(
        new ApiError(0, 'network_error', 'The shop could not be reached. Check your connection and try again.', []),
      );
    request.onload = () => {
      let body: unknown;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (request.status === 401 && session) saveSession(null);
      if (request.status >= 200 && request.status < 300 && body !== undefined) resolve(body as Data);
      else if (request.status >= 200 && request.status < 300) {
        reject(new ApiError(502, 'bad_response', 'The shop sent an answer that could not be read.', []));
      } else reject(errorFrom(request.status, body));
    };
    request.send(file);
  });
}

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function isErrorBody(body: unknown): body is ErrorBody {
  const error = (body as Partial<ErrorBody> | null)?.error;
  return (
    typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string'
  );
}

/** The server's error body; a proxy or a crash may answer with something else (HTML, nothing). */
function errorFrom(status: number, body: unknown): ApiError {
  if (isErrorBody(body))
    return new ApiError(
      status,
      body.error.code,
      body.error.message,
      fieldProblems(body.error.details),
      body.error.details,
    );
  const message =
    status >= 500
      ? `The shop had a problem (HTTP ${status}). Please try again in a moment.`
      : `The request was refused (HTTP ${status}).`;
  return new ApiError(status, `http_${status}`, message, []);
}

/** details, where the server names fields, is a list of {path, message} (path a JSON pointer). */
function fieldProblems(details: unknown): ErrorDetail[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((detail: { path?: unknown; message?: unknown } | null) =>
    typeof detail?.message === 'string'
      ? [
          {
            field: typeof detail.path === 'string' && detail.path !== '' ? dotted(detail.path) : null,
            message: detail.message,
          },
        ]
      : [],
  );
}

/** "/shippingAddress/postalCode", "body.customer.email", "items[0].sku" -> dotted paths. */
export function dotted(path: string): string {
  return path
    .replace(/^body[./]?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\//, '')
    .replace(/\//g, '.');
}
