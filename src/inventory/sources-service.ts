/**
 * Rules of inventory sources: a supplier source names its supplier and no other type does, codes
 * are unique and stored in capitals, a source with stock rows stays an own source (warehouse or
 * 3PL), and sources are deactivated, never deleted (stock rows and allocations refer to them).
 */
import type { Kysely, Transaction } from 'kysely';
import { repriceProducts } from '../catalog/prices.js';
import { SQLSTATE, databaseError } from '../db/sqlstate.js';
import type { DB } from '../db/types.js';
import { ConflictError, InvalidInputError, NotFoundError, type FieldProblem } from '../errors.js';
import * as repo from './sources-repository.js';
import type { InventorySource, SourceInput, SourceQuery } from './types.js';

type Db = Kysely<DB> | Transaction<DB>;

export const SOURCE_DEFAULTS = { supplierId: null, priority: 100, isActive: true, address: null } as const;

/** The warehouse `jne stock set` creates when there is none: the shop's own stock. */
export const OWN_WAREHOUSE = { type: 'warehouse', code: 'MAIN', name: 'Own warehouse' } as const;

export const listSources = (db: Db, query: SourceQuery = {}) => repo.listSources(db, query);

export async function getSource(db: Db, id: number): Promise<InventorySource> {
  const source = await repo.findSource(db, id);
  if (!source) throw new NotFoundError(`Inventory source ${id} does not exist`);
  return source;
}

export async function createSource(trx: Transaction<DB>, input: SourceInput): Promise<InventorySource> {
  const next = { ...input, code: input.code.toUpperCase() };
  await validate(trx, next);
  return duplicateCodeAsConflict(next.code, () => repo.insertSource(trx, next));
}

export async function updateSource(
  trx: Transaction<DB>,
  id: number,
  patch: Partial<SourceInput>,
): Promise<InventorySource> {
  const current = await repo.findSource(trx, id, true);
  if (!current) throw new NotFoundError(`Inventory source ${id} does not exist`);
  const { id: _id, createdAt: _c, updatedAt: _u, ...stored } = current;
  const next: SourceInput = { ...stored, ...patch };
  next.code = next.code.toUpperCase();
  // Leaving the supplier type drops the supplier link unless the patch sets one (it is then refused).
  if (patch.type && patch.type !== 'supplier' && patch.supplierId === undefined) next.supplierId = null;
  await validate(trx, next);
  if (next.type === 'supplier' && current.type !== 'supplier') {
    const rows = await repo.countStockRows(trx, id);
    if (rows > 0) {
      throw new ConflictError(
        `Inventory source ${current.code} holds own stock (${rows} stock row(s)): it cannot become a supplier ` +
          'source. Create a new source for the supplier instead.',
      );
    }
  }
  const source = await duplicateCodeAsConflict(next.code, () => repo.updateSource(trx, id, next));
  if (next.isActive !== current.isActive || next.type !== current.type) {
    // Its own stock counts (or no longer counts) towards the cost basis of its products.
    const stocked = await trx
      .selectFrom('fulfillment_inventory')
      .select('product_id')
      .where('source_id', '=', id)
      .execute();
    await repriceProducts(trx, {
      reason: `inventory source ${source.code} ${next.isActive ? 'activated' : 'deactivated'}`,
      productIds: stocked.map((r) => r.product_id),
    });
  }
  return source;
}

/**
 * The source a stock change applies to: the named one, or else the only active warehouse.
 * `createIfNone` (the CLI) creates the own warehouse MAIN when there is no active warehouse; the
 * API asks for a source code instead, since creating a source is an admin's decision.
 */
export async function resolveStockSource(
  db: Db,
  sourceCode: string | undefined,
  createIfNone = false,
): Promise<{ source: InventorySource; created: boolean }> {
  if (sourceCode !== undefined) {
    // A named source may be inactive: stock left at a closed warehouse still needs counting and correcting.
    const source = await repo.findSourceByCode(db, sourceCode.toUpperCase());
    if (!source) throw InvalidInputError.field('/sourceCode', `there is no inventory source ${sourceCode}`);
    if (source.type === 'supplier') {
      throw InvalidInputError.field(
        '/sourceCode',
        `${source.code} is a supplier source: its stock comes from the supplier's catalog feed, not from here`,
      );
    }
    return { source, created: false };
  }
  const warehouses = await repo.listSources(db, { type: 'warehouse', active: true });
  if (warehouses.length === 1) return { source: warehouses[0]!, created: false };
  if (warehouses.length > 1) {
    throw InvalidInputError.field(
      '/sourceCode',
      `there are ${warehouses.length} active warehouses (${warehouses.map((w) => w.code).join(', ')}): name one`,
    );
  }
  if (!createIfNone) {
    throw InvalidInputError.field(
      '/sourceCode',
      'there is no active warehouse: give a sourceCode, or create a warehouse with POST /api/inventory/sources',
    );
  }
  // ON CONFLICT DO NOTHING: two first `jne stock set` runs at once create MAIN once; the other uses it.
  const created = await repo.insertSourceIfAbsent(db, { ...SOURCE_DEFAULTS, ...OWN_WAREHOUSE });
  if (created) return { source: created, created: true };
  const existing = await repo.findSourceByCode(db, OWN_WAREHOUSE.code);
  if (existing?.type === 'warehouse' && existing.isActive) return { source: existing, created: false };
  throw InvalidInputError.field(
    '/sourceCode',
    `there is no active warehouse, and ${OWN_WAREHOUSE.code} exists already as ` +
      `${existing?.isActive ? 'an active' : 'an inactive'} ${existing?.type ?? 'source'}: ` +
      'give a source code, or activate a warehouse',
  );
}

async function validate(db: Db, source: SourceInput): Promise<void> {
  const problems: FieldProblem[] = [];
  if (source.type === 'supplier' && source.supplierId === null) {
    problems.push({ path: '/supplierId', message: 'required for a source of type "supplier"' });
  }
  if (source.type !== 'supplier' && source.supplierId !== null) {
    problems.push({
      path: '/supplierId',
      message: `only a source of type "supplier" has one (this is ${source.type})`,
    });
  }
  if (source.supplierId !== null && !(await repo.supplierExists(db, source.supplierId))) {
    problems.push({ path: '/supplierId', message: `supplier ${source.supplierId} does not exist` });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(
      `Invalid inventory source: ${problems.map((p) => `${p.path.slice(1)} ${p.message}`).join('; ')}`,
      problems,
    );
  }
}

/** The code's UNIQUE index, recognised by SQLSTATE and constraint name, as a clear 409. */
async function duplicateCodeAsConflict<T>(code: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const db = databaseError(error);
    if (db?.code === SQLSTATE.uniqueViolation && db.constraint === 'inventory_sources_code_key') {
      throw new ConflictError(`an inventory source with the code ${code} already exists`, [
        { path: '/code', message: 'already exists' },
      ]);
    }
    throw error;
  }
}
