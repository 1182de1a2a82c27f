/** SQL of inventory_sources. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, InventorySourcesTable } from '../db/types.js';
import type { InventorySource, SourceInput, SourceQuery } from './types.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function listSources(db: Db, query: SourceQuery = {}): Promise<InventorySource[]> {
  const rows = await db
    .selectFrom('inventory_sources')
    .selectAll()
    .$if(query.type !== undefined, (qb) => qb.where('type', '=', query.type!))
    .$if(query.active !== undefined, (qb) => qb.where('is_active', '=', query.active!))
    .orderBy('priority')
    .orderBy('code')
    .execute();
  return rows.map(toSource);
}

export async function findSource(db: Db, id: number, forUpdate = false): Promise<InventorySource | undefined> {
  const row = await db
    .selectFrom('inventory_sources')
    .selectAll()
    .where('id', '=', id)
    .$if(forUpdate, (qb) => qb.forUpdate())
    .executeTakeFirst();
  return row && toSource(row);
}

export async function findSourceByCode(db: Db, code: string): Promise<InventorySource | undefined> {
  const row = await db.selectFrom('inventory_sources').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toSource(row);
}

export async function insertSource(db: Db, input: SourceInput): Promise<InventorySource> {
  const row = await db.insertInto('inventory_sources').values(toRow(input)).returningAll().executeTakeFirstOrThrow();
  return toSource(row);
}

/** Inserts unless the code exists (then undefined): the unique index decides, not an earlier read. */
export async function insertSourceIfAbsent(db: Db, input: SourceInput): Promise<InventorySource | undefined> {
  const row = await db
    .insertInto('inventory_sources')
    .values(toRow(input))
    .onConflict((oc) => oc.column('code').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toSource(row);
}

export async function updateSource(db: Db, id: number, input: SourceInput): Promise<InventorySource> {
  const row = await db
    .updateTable('inventory_sources')
    .set(toRow(input))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSource(row);
}

export async function countStockRows(db: Db, sourceId: number): Promise<number> {
  const row = await db
    .selectFrom('fulfillment_inventory')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source_id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function supplierExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('suppliers').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

function toRow(input: SourceInput) {
  return {
    type: input.type,
    code: input.code,
    name: input.name,
    supplier_id: input.supplierId,
    priority: input.priority,
    is_active: input.isActive,
    address: input.address === null ? null : JSON.stringify(input.address),
  };
}

function toSource(row: Selectable<InventorySourcesTable>): InventorySource {
  return {
    id: row.id,
    type: row.type,
    code: row.code,
    name: row.name,
    supplierId: row.supplier_id,
    priority: row.priority,
    isActive: row.is_active,
    address: row.address,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
