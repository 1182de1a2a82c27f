/**
 * Importing a supplier's tracking file (parse.ts), in the caller's transaction: each row's parcel
 * goes the way of every parcel (shipments.ts, source csv), exactly as a webhook's order.shipped,
 * so a repeated row or one that comes too late is refused by the state machine and logged.
 *
 * As with catalog imports, the rows that are good apply and the others are reported by line
 * number: a row whose reference is not one of this supplier's orders, whose values are bad
 * (date, quantity, URL), whose SKU is not in that supplier order or has fewer open units, or whose
 * change the state machine refuses. A row with a parcel that is already recorded changes nothing
 * (unchanged). A row applies with all its effects (status, parcel, units, the customer order's
 * status) or not at all: it writes nothing until it is known to be good. A file that cannot be
 * read is refused before anything is written.
 */
import { sql, type Transaction } from 'kysely';
import type { DB, SupplierOrderStatus } from '../../db/types.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import type { SyncOrderStatus } from '../order-sync.js';
import { applyParcel, planParcel } from '../shipments.js';
import { parseTrackingFile, type RowRejection, type TrackingRow } from './parse.js';

export interface TrackingRowResult {
  line: number;
  reference: string | null;
  outcome: 'applied' | 'unchanged' | 'rejected';
  /** The supplier order's status after the row (applied and unchanged rows). */
  status?: SupplierOrderStatus;
  reason?: string;
}

export interface TrackingReport {
  supplierCode: string;
  rowsRead: number;
  applied: number;
  unchanged: number;
  rejected: number;
  /** Every row, in file order. */
  rows: TrackingRowResult[];
}

export async function importTracking(
  trx: Transaction<DB>,
  supplierRef: { id: number } | { code: string },
  text: string,
  actor: string,
  syncOrder: SyncOrderStatus,
): Promise<TrackingReport> {
  const supplier = await findSupplier(trx, supplierRef);
  const file = parseTrackingFile(text);
  const results: TrackingRowResult[] = file.rejections.map((r: RowRejection) => ({ ...r, outcome: 'rejected' }));
  for (const row of file.rows) results.push(await importRow(trx, supplier, row, actor, syncOrder));
  results.sort((a, b) => a.line - b.line);
  const count = (outcome: TrackingRowResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return {
    supplierCode: supplier.code,
    rowsRead: file.rowsRead,
    applied: count('applied'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    rows: results,
  };
}

async function importRow(
  trx: Transaction<DB>,
  supplier: { id: number; code: string },
  row: TrackingRow,
  actor: string,
  syncOrder: SyncOrderStatus,
): Promise<TrackingRowResult> {
  const base = { line: row.line, reference: row.reference };
  // The shop's reference (DESIGN §7), or the supplier's own order number when only one order has it.
  const matches = await trx
    .selectFrom('supplier_orders')
    .select(['id', 'order_id', 'idempotency_key'])
    .where('supplier_id', '=', supplier.id)
    .where((eb) => eb.or([eb('idempotency_key', '=', row.reference), eb('external_reference', '=', row.reference)]))
    .orderBy(sql`idempotency_key = ${row.reference}`, 'desc')
    .limit(2)
    .execute();
  const order = matches[0];
  if (!order || (matches.length > 1 && order.idempotency_key !== row.reference)) {
    const why = order ? 'is the order number of more than one' : 'is not the reference of any';
    return {
      ...base,
      outcome: 'rejected',
      reason: `reference: ${row.reference} ${why} supplier order of ${supplier.code}`,
    };
  }
  let plan;
  try {
    plan = await planParcel(trx, order.id, row.parcel, (n, field) => `lines: part ${n + 1} (${field})`);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return { ...base, outcome: 'rejected', reason: error.message };
  }
  const result = await applyParcel(trx, plan, {
    source: 'csv',
    actor,
    reason: `tracking file line ${row.line}`,
    payload: { line: row.line, row: row.raw },
  });
  if (result.applied) {
    await syncOrder(trx, order.order_id, { cause: `tracking file: supplier order ${order.id} ${result.to}`, actor });
    return { ...base, outcome: 'applied', status: result.to };
  }
  return result.repeat
    ? { ...base, outcome: 'unchanged', status: result.from, reason: result.reason! }
    : { ...base, outcome: 'rejected', reason: result.reason! };
}

async function findSupplier(trx: Transaction<DB>, ref: { id: number } | { code: string }) {
  const supplier = await trx
    .selectFrom('suppliers')
    .select(['id', 'code'])
    .$if('id' in ref, (qb) => qb.where('id', '=', (ref as { id: number }).id))
    .$if('code' in ref, (qb) => qb.where(sql`upper(code)`, '=', (ref as { code: string }).code.toUpperCase()))
    .executeTakeFirst();
  if (!supplier) {
    throw new NotFoundError(`Supplier ${'id' in ref ? ref.id : ref.code} does not exist`);
  }
  return supplier;
}
