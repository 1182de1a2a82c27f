/** SQL of orders: products for a checkout, the random order number, reads. */
import { sql, type Kysely, type Selectable } from 'kysely';
import { prepared } from '../db/prepared.js';
import { orderShipments } from './shipments.js';
import type { DB, OrdersTable, ProductStatus } from '../db/types.js';
import type { Address, Order, OrderItem, OrderQuery, OrderSummary } from './types.js';

export interface CheckoutProduct {
  id: number;
  sku: string;
  name: string;
  price: string;
  currency: string;
  status: ProductStatus;
}

/** The products the lines name; with `lock`, locked against change (FOR SHARE) until the order commits. */
export async function productsForLines(
  db: Kysely<DB>,
  skus: string[],
  ids: number[],
  options: { lock: boolean },
): Promise<CheckoutProduct[]> {
  if (skus.length === 0 && ids.length === 0) return [];
  // Arrays, not IN lists: one text for any number of lines, kept prepared on a server connection.
  const { rows } = await prepared(sql<CheckoutProduct>`
    SELECT id, sku, name, price, currency, status FROM products
     WHERE sku = ANY(${skus}::text[]) OR id = ANY(${ids}::bigint[])
     ORDER BY id ${options.lock ? sql`FOR SHARE` : sql``}`).execute(db);
  return rows;
}

/**
 * JNE-<year>-<8 random digits>: a customer's number says nothing about the shop's other orders
 * (no sequence to walk). Of four random candidates the first one not taken is used, so a repeat is
 * as good as impossible (two orders drawing the same free number at the same instant would meet
 * the unique index). Each candidate is looked up in that index (a subquery per candidate, not an
 * anti-join that a plan kept prepared might make a scan of every order).
 */
export const randomOrderNumber = sql<string>`(
  select c.n from (select 'JNE-' || to_char(now() at time zone 'UTC', 'YYYY') || '-'
                          || lpad(floor(random() * 100000000)::bigint::text, 8, '0') as n
                     from generate_series(1, 4)) c
   where (select o.id from orders o where o.order_number = c.n) is null
   limit 1)`;

export function findOrderRow(
  db: Kysely<DB>,
  ref: { id: number } | { number: string; email?: string | undefined } | { idempotencyKey: string },
): Promise<(Selectable<OrdersTable> & { customer_name: string | null }) | undefined> {
  return db
    .selectFrom('orders as o')
    .leftJoin('customers as c', 'c.id', 'o.customer_id')
    .selectAll('o')
    .select('c.name as customer_name')
    .$if('id' in ref, (qb) => qb.where('o.id', '=', (ref as { id: number }).id))
    .$if('number' in ref, (qb) => qb.where('o.order_number', '=', (ref as { number: string }).number))
    .$if('email' in ref && ref.email !== undefined, (qb) =>
      qb.where(sql`lower(o.email)`, '=', (ref as { email: string }).email.trim().toLowerCase()),
    )
    .$if('idempotencyKey' in ref, (qb) =>
      qb.where('o.idempotency_key', '=', (ref as { idempotencyKey: string }).idempotencyKey),
    )
    .executeTakeFirst();
}

/** With an e-mail, an order placed with another address is not found: the same one query either way. */
export async function loadOrder(
  db: Kysely<DB>,
  ref: { id: number } | { number: string; email?: string | undefined },
): Promise<Order | undefined> {
  const row = await findOrderRow(db, ref);
  if (!row) return undefined;
  const items = await db.selectFrom('order_items').selectAll().where('order_id', '=', row.id).orderBy('id').execute();
  return {
    ...summary(row),
    shippingAddress: row.shipping_address as unknown as Address,
    items: items.map((i): OrderItem => ({
      id: i.id,
      productId: i.product_id,
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      unitPrice: i.unit_price,
      lineTotal: i.line_total,
    })),
    shipments: await orderShipments(db, row.id),
  };
}

/** The column and direction of each sort of the list; the id breaks ties so pages never overlap. */
const SORT_COLUMNS = {
  placed_at: 'o.placed_at',
  number: 'o.order_number',
  total: 'o.total',
  status: 'o.status',
  email: 'o.email',
} as const;

export async function listOrders(db: Kysely<DB>, query: OrderQuery): Promise<{ items: OrderSummary[]; total: number }> {
  const descending = query.sort.endsWith('_desc');
  const column = SORT_COLUMNS[query.sort.replace(/_desc$/, '') as keyof typeof SORT_COLUMNS];
  const direction = descending ? 'desc' : 'asc';
  // The customer filter matches part of the e-mail address or the name: % and _ are literal in it.
  const customer = query.customer === undefined ? undefined : `%${query.customer.trim().replace(/[\\%_]/g, '\\$&')}%`;
  const rows = await db
    .selectFrom('orders as o')
    .leftJoin('customers as c', 'c.id', 'o.customer_id')
    .selectAll('o')
    .select([
      'c.name as customer_name',
      sql<number>`(select count(*) from order_items i where i.order_id = o.id)`.as('item_count'),
      sql<number>`count(*) over ()`.as('total_count'),
    ])
    .$if(query.status !== undefined, (qb) => qb.where('o.status', '=', query.status!))
    .$if(query.from !== undefined, (qb) => qb.where('o.placed_at', '>=', new Date(query.from!)))
    .$if(query.to !== undefined, (qb) => qb.where('o.placed_at', '<', new Date(query.to!)))
    .$if(query.email !== undefined, (qb) => qb.where(sql`lower(o.email)`, '=', query.email!.toLowerCase()))
    .$if(customer !== undefined, (qb) =>
      qb.where((eb) => eb.or([eb('o.email', 'ilike', customer!), eb('c.name', 'ilike', customer!)])),
    )
    .$if(query.supplierId !== undefined, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('supplier_orders as so')
            .select(sql`1`.as('one'))
            .whereRef('so.order_id', '=', 'o.id')
            .where('so.supplier_id', '=', query.supplierId!),
        ),
      ),
    )
    .orderBy(column, direction)
    .orderBy('o.id', direction)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    items: rows.map((r) => ({ ...summary(r), itemCount: Number(r.item_count) })),
    total: rows[0] ? Number(rows[0].total_count) : 0,
  };
}

function summary(
  row: Selectable<OrdersTable> & { customer_name: string | null },
): Omit<Order, 'items' | 'shippingAddress' | 'shipments'> {
  return {
    id: row.id,
    number: row.order_number,
    status: row.status,
    email: row.email,
    customerName: row.customer_name,
    currency: row.currency,
    subtotal: row.subtotal,
    shippingTotal: row.shipping_total,
    taxTotal: row.tax_total,
    total: row.total,
    placedAt: row.placed_at.toISOString(),
  };
}
