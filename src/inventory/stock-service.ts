/**
 * Rules of own stock: the quantity on hand never goes below what is reserved for open orders
 * (409) nor below zero (400), and every change of it is written to the audit trail in the same
 * transaction as the change, with who did it and why. A stock count (a set with reason 'set')
 * that agrees is recorded too, as a confirmed count with change 0: it is worth keeping. A set
 * with any other reason (received, correction, …) that changes nothing is refused: it would be
 * an entry in the trail that says something happened when nothing did.
 */
import type { Kysely, Transaction } from 'kysely';
import { repriceProducts } from '../catalog/prices.js';
import type { DB } from '../db/types.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { resolveStockSource } from './sources-service.js';
import * as repo from './stock-repository.js';
import type {
  AdjustStockInput,
  Adjustment,
  InventorySource,
  SetStockInput,
  StockChange,
  StockQuery,
  StockRow,
  StockTarget,
} from './types.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface StockChangeResult extends StockChange {
  /** The CLI created the own warehouse MAIN for this change (there was no active warehouse). */
  createdSource: InventorySource | null;
}

export interface ChangeOptions {
  /** Who: a user's e-mail, a token's name, 'jne stock set (user)'. */
  actor: string;
  /** Create the own warehouse when there is none and no source is named (the CLI does). */
  createSourceIfNone?: boolean;
}

export const listStock = (db: Db, query: StockQuery) => repo.listStock(db, query);

export async function getStock(db: Db, id: number): Promise<StockRow> {
  const row = await repo.findStock(db, id);
  if (!row) throw new NotFoundError(`Stock row ${id} does not exist`);
  return row;
}

/** The audit trail of one stock row, newest first. */
export async function getAdjustments(db: Db, id: number, limit: number, offset = 0): Promise<Adjustment[]> {
  await getStock(db, id);
  return repo.listAdjustments(db, id, limit, offset);
}

/** Stock of one SKU at every own source (jne stock show). */
export async function stockOfSku(db: Db, sku: string): Promise<{ product: repo.ProductRef; rows: StockRow[] }> {
  const product = await repo.findProductBySku(db, sku);
  if (!product) throw InvalidInputError.field('/sku', `there is no product with the SKU ${sku}`);
  const { items } = await repo.listStock(db, { productId: product.id, limit: 1000, offset: 0 });
  return { product, rows: items };
}

/** Sets the quantity on hand of a SKU at a source (a stock count). */
export async function setStock(
  trx: Transaction<DB>,
  input: SetStockInput,
  options: ChangeOptions,
): Promise<StockChangeResult> {
  const { source, product, created } = await target(trx, input, options);
  const values = {
    sourceId: source.id,
    productId: product.id,
    quantityOnHand: input.quantityOnHand,
    lowStockThreshold: input.lowStockThreshold,
    binLocation: input.binLocation,
  };
  const write = (await repo.insertFirstStock(trx, values)) ?? (await repo.setOnHand(trx, values));
  if (!write) {
    throw await refusal(trx, source, product, input.quantityOnHand, `set SKU ${product.sku} at ${source.code} to`);
  }
  const reason = input.reason ?? 'set';
  if (write.after === write.before && reason !== 'set') {
    throw InvalidInputError.field(
      '/quantityOnHand',
      `SKU ${product.sku} at ${source.code} already has ${write.after} on hand: a '${reason}' that changes ` +
        `nothing is not recorded (a stock count that agrees is: reason 'set')`,
    );
  }
  const adjustment = await repo.insertAdjustment(trx, {
    inventoryId: write.id,
    change: write.after - write.before,
    after: write.after,
    reason,
    note: input.note ?? null,
    actor: options.actor,
  });
  await repriceProducts(trx, { reason: `own stock of ${product.sku} at ${source.code} set`, productIds: [product.id] });
  return { stock: await getStock(trx, write.id), adjustment, createdSource: created ? source : null };
}

/** Adds or removes units of a SKU at a source, with a reason (received, damaged, ...). */
export async function adjustStock(
  trx: Transaction<DB>,
  input: AdjustStockInput,
  options: ChangeOptions,
): Promise<StockChangeResult> {
  if (!Number.isInteger(input.change) || input.change === 0) {
    throw InvalidInputError.field('/change', 'must be a whole number of units other than 0');
  }
  const { source, product, created } = await target(trx, input, options);
  const write =
    input.change > 0
      ? await repo.addOnHand(trx, source.id, product.id, input.change)
      : await repo.removeOnHand(trx, source.id, product.id, input.change);
  if (!write) {
    const verb = `adjust SKU ${product.sku} at ${source.code} by ${input.change} to`;
    throw await refusal(trx, source, product, null, verb, input.change);
  }
  const adjustment = await repo.insertAdjustment(trx, {
    inventoryId: write.id,
    change: input.change,
    after: write.after,
    reason: input.reason,
    note: input.note ?? null,
    actor: options.actor,
  });
  await repriceProducts(trx, {
    reason: `own stock of ${product.sku} at ${source.code} ${input.reason} (${input.change > 0 ? '+' : ''}${input.change})`,
    productIds: [product.id],
  });
  return { stock: await getStock(trx, write.id), adjustment, createdSource: created ? source : null };
}

async function target(trx: Transaction<DB>, input: StockTarget, options: ChangeOptions) {
  const product = await repo.findProductBySku(trx, input.sku);
  if (!product) throw InvalidInputError.field('/sku', `there is no product with the SKU ${input.sku}`);
  const { source, created } = await resolveStockSource(trx, input.sourceCode, options.createSourceIfNone ?? false);
  return { source, product, created };
}

/**
 * Why a conditional write matched no row, read after the refusal to explain it (the decision was
 * the database's). `target` is the wanted quantity on hand; for an adjustment it comes from `change`.
 */
async function refusal(
  trx: Transaction<DB>,
  source: InventorySource,
  product: repo.ProductRef,
  target: number | null,
  verb: string,
  change = 0,
): Promise<Error> {
  const row = await repo.findStockAt(trx, source.id, product.id);
  const onHand = row?.quantityOnHand ?? 0;
  const reserved = row?.quantityReserved ?? 0;
  const wanted = target ?? onHand + change;
  if (wanted < 0) {
    return InvalidInputError.field(
      '/change',
      `cannot ${verb} ${wanted}: there are only ${onHand} units on hand, the quantity cannot go below 0`,
    );
  }
  if (wanted < reserved) {
    return new ConflictError(`cannot ${verb} ${wanted}: ${reserved} units are reserved for open orders`, [
      { path: target === null ? '/change' : '/quantityOnHand', onHand, reserved },
    ]);
  }
  // It fits now: the reservations changed between the write and this read. Retrying will do.
  return new ConflictError(`the stock of SKU ${product.sku} at ${source.code} changed meanwhile: retry`);
}
