/** Suppliers that take orders by e-mail, SFTP or folder, and reading back the purchase orders they got. */
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { DB, OrderMethod } from '../../src/db/types.js';
import { encryptSecret } from '../../src/suppliers/crypto.js';

/** Sets a supplier's order method, order e-mail and credentials (stored encrypted), and its supplier orders' method. */
export async function takeOrdersBy(
  db: Kysely<DB>,
  key: Buffer,
  supplierId: number,
  method: OrderMethod,
  settings: { orderEmail?: string | null; credentials?: Record<string, string> | null } = {},
) {
  await db
    .updateTable('suppliers')
    .set({
      order_method: method,
      ...(settings.orderEmail !== undefined ? { order_email: settings.orderEmail } : {}),
      ...(settings.credentials !== undefined
        ? {
            api_credentials_encrypted: settings.credentials
              ? encryptSecret(key, 'api_credentials_encrypted', JSON.stringify(settings.credentials))
              : null,
          }
        : {}),
    })
    .where('id', '=', supplierId)
    .execute();
  await db.updateTable('supplier_orders').set({ method }).where('supplier_id', '=', supplierId).execute();
}

/** A purchase order CSV file as records keyed by the header's column names. */
export function csvRecords(content: string | Buffer): Record<string, string>[] {
  return parse(content, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
}

/** A ship-to address that tries HTML and spreadsheet formula injection. */
export const HOSTILE_ADDRESS = {
  name: `Ann "Q" <b>O'Neil</b> & Co`,
  line1: '=HYPERLINK("http://evil.example","x")',
  line2: '@SUM(1,2)',
  city: 'Berlin, Mitte',
  postalCode: '10115',
  country: 'DE',
};

/** Gives a supplier order's customer order the hostile address. */
export async function useHostileAddress(db: Kysely<DB>, supplierOrderId: number) {
  const so = await db
    .selectFrom('supplier_orders')
    .select('order_id')
    .where('id', '=', supplierOrderId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('orders')
    .set({ shipping_address: JSON.stringify(HOSTILE_ADDRESS) })
    .where('id', '=', so.order_id)
    .execute();
}

/** Makes a supplier order due for its next attempt now (the test does not wait out the backoff). */
export async function dueNow(db: Kysely<DB>, supplierOrderId: number) {
  await db
    .updateTable('supplier_orders')
    .set({ next_attempt_at: new Date() })
    .where('id', '=', supplierOrderId)
    .execute();
}
