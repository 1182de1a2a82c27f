/**
 * The one place the frontend talks to the shop's API (issue 3's contract). Every response is
 * read through a small normalizer, so a renamed field is fixed here and nowhere else.
 * Money stays a decimal string ("19.99") from the server to the screen.
 */

// ---------------------------------------------------------------------------------------------
// Types the pages use
// ---------------------------------------------------------------------------------------------

export interface CategoryRef {
  id: string;
  slug: string;
  name: string;
}

export type StockState = 'in_stock' | 'low_stock' | 'out_of_stock' | 'unknown';

export interface Product {
  id: string;
  sku: string;
  slug: string;
  name: string;
  description: string | null;
  /** Decimal string, e.g. "19.99". */
  price: string;
  compareAtPrice: string | null;
  currency: string;
  images: string[];
  category: CategoryRef | null;
  stock: { state: StockState; available: number | null };
}

export interface ProductPage {
  items: Product[];
  nextCursor: string | null;
  total: number | null;
}

export interface CategoryNode extends CategoryRef {
  productCount: number | null;
  children: CategoryNode[];
}

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface OrderRequest {
  items: { sku: string; quantity: number }[];
  customer: { email: string; name: string };
  shippingAddress: Address;
}

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
}

export interface Order {
  number: string;
  status: string;
  email: string | null;
  currency: string;
  subtotal: string;
  shippingTotal: string | null;
  taxTotal: string | null;
  total: string;
  items: OrderLine[];
  shippingAddress: Address | null;
  placedAt: string | null;
}

export interface OrderSummary {
  number: string;
  status: string;
  email: string | null;
  customerName: string | null;
  currency: string;
  total: string;
  itemCount: number | null;
  placedAt: string | null;
}

export interface Supplier {
  id: string;
  code: string | null;
  name: string;
  email: string | null;
  status: string | null;
  orderMethod: string | null;
  currency: string | null;
}

export interface Session {
  token: string;
  expiresAt: string | null;
}

export interface ProductQuery {
  limit?: number;
  cursor?: string | null;
  category?: string | null;
  q?: string | null;
  minPrice?: string | null;
  maxPrice?: string | null;
  inStock?: boolean;
  sort?: SortKey;
}

export type SortKey = 'newest' | 'price' | 'price_desc' | 'name';

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

export async function listProducts(query: ProductQuery, signal?: AbortSignal): Promise<ProductPage> {
  const params = new URLSearchParams();
  params.set('limit', String(query.limit ?? 24));
  if (query.cursor) params.set('cursor', query.cursor);
  if (query.category) params.set('category', query.category);
  if (query.q) params.set('q', query.q);
  if (query.minPrice) params.set('minPrice', query.minPrice);
  if (query.maxPrice) params.set('maxPrice', query.maxPrice);
  if (query.inStock) params.set('inStock', 'true');
  if (query.sort) params.set('sort', query.sort);
  const body = await request(`/api/products?${params.toString()}`, { signal });
  const raw = obj(body);
  return {
    items: arr(raw.items).map(normalizeProduct),
    nextCursor: str(raw.nextCursor),
    total: num(raw.total),
  };
}

export async function getProduct(idOrSlug: string, signal?: AbortSignal): Promise<Product> {
  const body = await request(`/api/products/${encodeURIComponent(idOrSlug)}`, { signal });
  const raw = obj(body);
  return normalizeProduct(raw.product ?? raw);
}

export async function listCategories(signal?: AbortSignal): Promise<CategoryNode[]> {
  const body = await request('/api/categories', { signal });
  const raw = Array.isArray(body) ? body : (obj(body).items ?? obj(body).categories ?? obj(body).tree);
  return arr(raw).map(normalizeCategory);
}

/** Places a guest order. The same idempotencyKey for a retry of the same request. */
export async function placeOrder(order: OrderRequest, idempotencyKey: string): Promise<Order> {
  const body = await request('/api/orders', {
    method: 'POST',
    body: order,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
  const raw = obj(body);
  return normalizeOrder(raw.order ?? raw);
}

export async function lookupOrder(number: string, email: string, signal?: AbortSignal): Promise<Order> {
  const body = await request(`/api/orders/${encodeURIComponent(number)}?${new URLSearchParams({ email }).toString()}`, {
    signal,
  });
  const raw = obj(body);
  return normalizeOrder(raw.order ?? raw);
}

export async function login(email: string, password: string): Promise<Session> {
  const body = obj(await request('/api/auth/login', { method: 'POST', body: { email, password } }));
  const token = str(body.token);
  if (!token) throw new ApiError(502, 'bad_response', 'The server did not return a token.', []);
  return { token, expiresAt: str(body.expiresAt) };
}

export async function listOrders(token: string, signal?: AbortSignal): Promise<OrderSummary[]> {
  const body = await request('/api/orders?limit=50', { token, signal });
  const raw = Array.isArray(body) ? body : obj(body).items;
  return arr(raw).map(normalizeOrderSummary);
}

export async function listSuppliers(token: string, signal?: AbortSignal): Promise<Supplier[]> {
  const body = await request('/api/suppliers', { token, signal });
  const raw = Array.isArray(body) ? body : obj(body).items;
  return arr(raw).map(normalizeSupplier);
}

// ---------------------------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------------------------

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  token?: string;
  signal?: AbortSignal | undefined;
}

async function request(path: string, options: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'The shop could not be reached. Check your connection and try again.', []);
  }
  const text = await response.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) throw errorFrom(response.status, body);
  return body;
}

function errorFrom(status: number, body: unknown): ApiError {
  const error = obj(obj(body).error);
  const code = str(error.code) ?? `http_${status}`;
  const message =
    str(error.message) ??
    str(obj(body).message) ??
    (status >= 500
      ? `The shop had a problem (HTTP ${status}). Please try again in a moment.`
      : `The request was refused (HTTP ${status}).`);
  return new ApiError(status, code, message, normalizeDetails(error.details));
}

/** details may be a list of {path|field|instancePath, message}, an object of field: message, or text. */
function normalizeDetails(details: unknown): ErrorDetail[] {
  if (details === undefined || details === null) return [];
  if (typeof details === 'string') return [{ field: null, message: details }];
  if (Array.isArray(details)) {
    return details.map((d) => {
      if (typeof d === 'string') return { field: null, message: d };
      const o = obj(d);
      const field = str(o.field) ?? str(o.path) ?? str(o.instancePath) ?? str(o.line);
      const line = num(o.line) ?? num(o.index);
      const message = str(o.message) ?? str(o.reason) ?? JSON.stringify(d);
      return {
        field: field !== null ? dotted(field) : line !== null ? `items.${line}` : null,
        message,
      };
    });
  }
  if (typeof details === 'object') {
    return Object.entries(details as Record<string, unknown>).map(([key, value]) => ({
      field: dotted(key),
      message: typeof value === 'string' ? value : JSON.stringify(value),
    }));
  }
  return [{ field: null, message: String(details) }];
}

/** "/shippingAddress/postalCode", "body.customer.email", "items[0].sku" -> dotted paths. */
export function dotted(path: string): string {
  return path
    .replace(/^body[./]?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\//, '')
    .replace(/\//g, '.');
}

// ---------------------------------------------------------------------------------------------
// Normalizers: tolerant readers of the server's JSON
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return null;
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return null;
}

function first(o: Obj, ...keys: string[]): unknown {
  for (const key of keys) if (o[key] !== undefined && o[key] !== null) return o[key];
  return undefined;
}

function money(value: unknown): string | null {
  const s = str(value);
  return s !== null && /^-?\d+(\.\d+)?$/.test(s) ? s : null;
}

export function normalizeProduct(value: unknown): Product {
  const p = obj(value);
  const images = arr(p.images)
    .map((i) => (typeof i === 'string' ? i : str(obj(i).url)))
    .filter((i): i is string => !!i);
  const category = obj(p.category);
  const categoryId = str(first(category, 'id')) ?? str(p.categoryId);
  return {
    id: str(p.id) ?? '',
    sku: str(p.sku) ?? '',
    slug: str(p.slug) ?? str(p.id) ?? '',
    name: str(p.name) ?? '',
    description: str(p.description),
    price: money(p.price) ?? '0.00',
    compareAtPrice: money(p.compareAtPrice),
    currency: str(p.currency) ?? 'EUR',
    images,
    category:
      categoryId !== null ? { id: categoryId, slug: str(category.slug) ?? '', name: str(category.name) ?? '' } : null,
    stock: normalizeStock(p),
  };
}

function normalizeStock(p: Obj): Product['stock'] {
  const stock = p.stock;
  const available = num(
    first(obj(stock), 'available', 'quantityAvailable') ??
      (typeof stock === 'number' ? stock : undefined) ??
      first(p, 'available', 'availableQuantity', 'quantityAvailable', 'stockQuantity'),
  );
  const explicit = str(first(obj(stock), 'status', 'state') ?? p.stockStatus ?? p.availability);
  const inStock = first(p, 'inStock') ?? first(obj(stock), 'inStock');
  let state: StockState = 'unknown';
  if (explicit === 'in_stock' || explicit === 'low_stock' || explicit === 'out_of_stock') state = explicit;
  else if (typeof inStock === 'boolean') state = inStock ? 'in_stock' : 'out_of_stock';
  else if (available !== null) state = available > 0 ? 'in_stock' : 'out_of_stock';
  if (state === 'in_stock' && available !== null && available > 0 && available <= 5) state = 'low_stock';
  return { state, available };
}

function normalizeCategory(value: unknown): CategoryNode {
  const c = obj(value);
  return {
    id: str(c.id) ?? '',
    slug: str(c.slug) ?? str(c.id) ?? '',
    name: str(c.name) ?? '',
    productCount: num(first(c, 'productCount', 'productsCount', 'count')),
    children: arr(c.children).map(normalizeCategory),
  };
}

function normalizeAddress(value: unknown): Address | null {
  const a = obj(value);
  if (Object.keys(a).length === 0) return null;
  const address: Address = {
    name: str(a.name) ?? '',
    line1: str(a.line1) ?? '',
    city: str(a.city) ?? '',
    postalCode: str(a.postalCode) ?? '',
    country: str(a.country) ?? '',
  };
  const line2 = str(a.line2);
  if (line2) address.line2 = line2;
  return address;
}

function totalsOf(o: Obj): Obj {
  return { ...o, ...obj(o.totals) };
}

export function normalizeOrder(value: unknown): Order {
  const o = obj(value);
  const t = totalsOf(o);
  return {
    number: str(first(o, 'number', 'orderNumber')) ?? '',
    status: str(o.status) ?? 'pending',
    email: str(o.email) ?? str(obj(o.customer).email),
    currency: str(first(o, 'currency')) ?? str(t.currency) ?? 'EUR',
    subtotal: money(t.subtotal) ?? '0.00',
    shippingTotal: money(first(t, 'shippingTotal', 'shipping')),
    taxTotal: money(first(t, 'taxTotal', 'tax')),
    total: money(t.total) ?? '0.00',
    items: arr(first(o, 'items', 'lines')).map((value) => {
      const i = obj(value);
      return {
        sku: str(i.sku) ?? '',
        name: str(i.name) ?? str(i.sku) ?? '',
        quantity: num(i.quantity) ?? 0,
        unitPrice: money(first(i, 'unitPrice', 'price')) ?? '0.00',
        lineTotal: money(first(i, 'lineTotal', 'total')) ?? '0.00',
      };
    }),
    shippingAddress: normalizeAddress(o.shippingAddress),
    placedAt: str(first(o, 'placedAt', 'createdAt')),
  };
}

function normalizeOrderSummary(value: unknown): OrderSummary {
  const o = obj(value);
  const t = totalsOf(o);
  const items = o.items;
  return {
    number: str(first(o, 'number', 'orderNumber')) ?? '',
    status: str(o.status) ?? '',
    email: str(o.email) ?? str(obj(o.customer).email),
    customerName: str(o.customerName) ?? str(obj(o.customer).name),
    currency: str(o.currency) ?? 'EUR',
    total: money(t.total) ?? '0.00',
    itemCount: num(first(o, 'itemCount', 'itemsCount')) ?? (Array.isArray(items) ? items.length : null),
    placedAt: str(first(o, 'placedAt', 'createdAt')),
  };
}

function normalizeSupplier(value: unknown): Supplier {
  const s = obj(value);
  return {
    id: str(s.id) ?? '',
    code: str(s.code),
    name: str(s.name) ?? '',
    email: str(first(s, 'orderEmail', 'email')),
    status: str(s.status),
    orderMethod: str(first(s, 'orderMethod', 'integrationMethod')),
    currency: str(s.currency),
  };
}
