/** The frontend's API client: what it sends, how it reads answers and the server's errors. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, dotted, getProduct, listProducts, placeOrder } from '../../web/src/api.js';

// openapi-fetch hands fetch one Request (URL, method, headers and body in it).
function answer(status: number, body: unknown) {
  return vi.fn(async (_request: Request) => new Response(JSON.stringify(body), { status }));
}

afterEach(() => vi.unstubAllGlobals());

describe('web API client', () => {
  it('asks for products with the filters and reads the page', async () => {
    const fetch = answer(200, {
      items: [
        {
          id: 7,
          sku: 'A-1',
          slug: 'a-1',
          name: 'Thing',
          price: '19.99',
          compareAtPrice: '29.99',
          currency: 'EUR',
          images: ['https://img.example/a.jpg'],
          category: { id: 3, slug: 'things', name: 'Things' },
          inStock: true,
          availability: { state: 'from_supplier', shipsWithinDays: 4 },
          description: null,
        },
      ],
      nextCursor: 'abc',
      total: null,
    });
    vi.stubGlobal('fetch', fetch);
    const page = await listProducts({ q: 'thi', category: 'things', sort: 'price', inStock: true, cursor: 'xyz' });
    const url = new URL(String(fetch.mock.calls[0]?.[0].url), 'http://shop');
    expect(url.pathname).toBe('/api/products');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      limit: '24',
      cursor: 'xyz',
      category: 'things',
      q: 'thi',
      inStock: 'true',
      sort: 'price',
    });
    expect(page.nextCursor).toBe('abc');
    // Ids stay the integers the API declares (the client used to turn them into strings).
    expect(page.items[0]).toMatchObject({
      id: 7,
      price: '19.99',
      compareAtPrice: '29.99',
      category: { id: 3, slug: 'things', name: 'Things' },
      availability: { state: 'from_supplier', shipsWithinDays: 4 },
    });
  });

  it('never makes up a price the server did not send', async () => {
    const { price: _price, ...withoutPrice } = {
      id: 8,
      sku: 'B-1',
      slug: 'b-1',
      name: 'Other thing',
      price: '1.00',
      compareAtPrice: null,
      currency: 'EUR',
      images: [],
      category: null,
      inStock: true,
      availability: { state: 'in_stock', shipsWithinDays: null },
      description: null,
    };
    vi.stubGlobal('fetch', answer(200, withoutPrice));
    const product = await getProduct('b-1');
    expect(product.price).toBeUndefined();
    expect(product.availability).toEqual({ state: 'in_stock', shipsWithinDays: null });
  });

  it('sends the order with the Idempotency-Key and turns the server’s error into an ApiError', async () => {
    const fetch = answer(400, {
      error: {
        code: 'invalid_input',
        message: 'items/0/sku: the product with SKU "X" is not for sale',
        details: [{ path: '/items/0/sku', message: 'the product with SKU "X" is not for sale' }],
      },
    });
    vi.stubGlobal('fetch', fetch);
    const order = {
      items: [{ sku: 'X', quantity: 1 }],
      customer: { email: 'a@b.example', name: 'A B' },
      shippingAddress: { name: 'A B', line1: 'Street 1', city: 'Town', postalCode: '12345', country: 'DE' },
    };
    const error = await placeOrder(order, 'key-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'invalid_input',
      message: 'items/0/sku: the product with SKU "X" is not for sale',
      details: [{ field: 'items.0.sku', message: 'the product with SKU "X" is not for sale' }],
    });
    const request = fetch.mock.calls[0]?.[0];
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('Idempotency-Key')).toBe('key-1');
    expect(await request?.json()).toEqual(order);
  });

  it('says what happened when the server is unreachable or answers without a JSON error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(listProducts({})).rejects.toMatchObject({ status: 0, code: 'network_error' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad Gateway</html>', { status: 502 })),
    );
    await expect(listProducts({})).rejects.toMatchObject({ status: 502, message: expect.stringContaining('HTTP 502') });
  });

  it('turns JSON pointers and bracket paths into dotted field names', () => {
    expect(dotted('/shippingAddress/postalCode')).toBe('shippingAddress.postalCode');
    expect(dotted('body.customer.email')).toBe('customer.email');
    expect(dotted('items[2].quantity')).toBe('items.2.quantity');
  });
});
