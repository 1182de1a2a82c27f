/**
 * Draft products, made set-based from rows a caller selects (a catalog import makes them from a
 * supplier's unlinked items): status draft, the slug made from the name (its first 80
 * characters) and the SKU. A row whose slug comes out empty is skipped, and so is one whose SKU
 * or slug is taken. Their price is the row's until a reprice sets it from the pricing rules.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';
import { sqlSlug } from './slug.js';

/** The columns of a row to make a draft product of; price and currency as in products. */
export interface DraftProductRow {
  sku: string;
  name: string;
  gtin: string | null;
  price: string;
  currency: string;
}

export interface CreatedDraft {
  id: number;
  sku: string;
}

/** Inserts the drafts of `rows` (a SELECT with DraftProductRow's columns) in one statement; returns those created. */
export async function createDraftProducts(trx: Kysely<DB>, rows: RawBuilder<DraftProductRow>): Promise<CreatedDraft[]> {
  const { rows: created } = await sql<CreatedDraft>`
    INSERT INTO products (sku, slug, name, gtin, price, currency, status)
    SELECT d.sku, d.slug, d.name, d.gtin, d.price, d.currency, 'draft'
      FROM (SELECT r.*, nullif(${sqlSlug(sql`left(r.name, 80) || '-' || r.sku`)}, '') AS slug FROM (${rows}) r) d
     WHERE d.slug IS NOT NULL
    ON CONFLICT DO NOTHING
    RETURNING id, sku`.execute(trx);
  return created;
}
