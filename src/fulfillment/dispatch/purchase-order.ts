/**
 * A supplier order as it leaves the shop: the purchase order of DESIGN §7 (reference, order
 * number, currency, ship-by day, ship-to address, lines), and how its supplier takes orders.
 * One query (and one that claims the supplier order for sending as it loads it); the credentials
 * stay encrypted here (only the sender decrypts them).
 */
import { sql, type Kysely } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { DB, OrderMethod, SupplierOrderStatus } from '../../db/types.js';

export interface PurchaseOrder {
  reference: string;
  orderNumber: string;
  currency: string;
  /** YYYY-MM-DD in the supplier's time zone. */
  shipBy: string;
  shipTo: { name: string; line1: string; line2: string | null; city: string; postalCode: string; country: string };
  lines: { supplierSku: string; quantity: number; unitCost: string }[];
}

export interface DispatchTarget {
  supplierOrderId: number;
  orderId: number;
  /** The customer order is a test order (jne smoke --order): never sent. */
  isTest: boolean;
  status: SupplierOrderStatus;
  method: OrderMethod;
  attempts: number;
  supplierCode: string;
  apiEndpoint: string | null;
  /** Ask the supplier's stock endpoint before sending (suppliers.live_stock_check). */
  liveStockCheck: boolean;
  credentialsEncrypted: string | null;
  orderEmail: string | null;
  purchaseOrder: PurchaseOrder;
}

type TargetRow = Omit<DispatchTarget, 'purchaseOrder'> & PurchaseOrder;

/** The target's columns, from a supplier order `so` joined with its order `o` and supplier `s`. */
const TARGET = sql`
  so.id AS "supplierOrderId", so.order_id AS "orderId", o.is_test AS "isTest", so.status, so.method, so.attempts, s.code AS "supplierCode",
  s.api_endpoint AS "apiEndpoint", s.live_stock_check AS "liveStockCheck", s.api_credentials_encrypted AS "credentialsEncrypted",
  s.order_email AS "orderEmail", so.idempotency_key AS reference, o.order_number AS "orderNumber",
  so.currency,
  to_char(coalesce(so.ship_by, now()) AT TIME ZONE s.order_cutoff_timezone, 'YYYY-MM-DD') AS "shipBy",
  jsonb_build_object(
    'name', o.shipping_address->>'name', 'line1', o.shipping_address->>'line1',
    'line2', nullif(o.shipping_address->>'line2', ''), 'city', o.shipping_address->>'city',
    'postalCode', o.shipping_address->>'postalCode', 'country', o.shipping_address->>'country') AS "shipTo",
  (SELECT jsonb_agg(jsonb_build_object('supplierSku', i.supplier_sku, 'quantity', i.quantity,
                                       'unitCost', i.unit_cost::text) ORDER BY i.id)
     FROM supplier_order_items i WHERE i.supplier_order_id = so.id) AS lines`;

export async function loadDispatchTarget(db: Kysely<DB>, supplierOrderId: number): Promise<DispatchTarget | undefined> {
  const { rows } = await prepared(sql<TargetRow>`
    SELECT ${TARGET}
      FROM supplier_orders so
      JOIN orders o ON o.id = so.order_id
      JOIN suppliers s ON s.id = so.supplier_id
     WHERE so.id = ${supplierOrderId}`).execute(db);
  return rows[0] && toTarget(rows[0]);
}

/**
 * The claim of a dispatch and its target in one statement (one round trip): counts the attempt and
 * holds the supplier order for `recoverySeconds` (next_attempt_at), only if it is pending, not held,
 * not part of a test order and sent by one of `methods`. undefined: not claimed (loadDispatchTarget
 * says why).
 */
export async function claimDispatchTarget(
  db: Kysely<DB>,
  supplierOrderId: number,
  claim: { recoverySeconds: number; methods: readonly OrderMethod[] },
): Promise<DispatchTarget | undefined> {
  const { rows } = await prepared(sql<TargetRow>`
    WITH so AS (
      UPDATE supplier_orders so
         SET attempts = so.attempts + 1, next_attempt_at = now() + make_interval(secs => ${claim.recoverySeconds})
       WHERE so.id = ${supplierOrderId} AND so.status = 'pending'
         AND (so.next_attempt_at IS NULL OR so.next_attempt_at <= now())
         AND so.method = ANY(${[...claim.methods]}::text[])
         AND NOT EXISTS (SELECT FROM orders o WHERE o.id = so.order_id AND o.is_test)
      RETURNING so.*
    )
    SELECT ${TARGET}
      FROM so
      JOIN orders o ON o.id = so.order_id
      JOIN suppliers s ON s.id = so.supplier_id`).execute(db);
  return rows[0] && toTarget(rows[0]);
}

function toTarget(row: TargetRow): DispatchTarget {
  const { reference, orderNumber, currency, shipBy, shipTo, lines, ...target } = row;
  return {
    ...target,
    purchaseOrder: {
      reference,
      orderNumber,
      currency: currency.trim(),
      shipBy,
      shipTo,
      lines: (lines ?? []).map((l) => ({ ...l, unitCost: plainAmount(l.unitCost) })),
    },
  };
}

/** "12.3400" -> "12.34", "12.3450" -> "12.345": no trailing zeros past the cents. */
export function plainAmount(value: string): string {
  return value.replace(/^(\d+\.\d\d\d*?)0+$/, '$1');
}
