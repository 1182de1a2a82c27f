/** Copies of database/migrations in a temp folder, for tests that change or add files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultMigrationsDir } from '../../src/db/migrations/files.js';

export function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-migrations-'));
  for (const file of fs.readdirSync(defaultMigrationsDir())) {
    if (file.endsWith('.sql')) fs.copyFileSync(path.join(defaultMigrationsDir(), file), path.join(dir, file));
  }
  return dir;
}

/** The runbook's own verification query (step 5 and rollback step 2). */
export const RUNBOOK_TABLE_QUERY = `
SELECT table_name FROM information_schema.tables
WHERE table_schema = 'public'
AND table_name IN (
    'inventory_sources',
    'fulfillment_inventory',
    'supplier_catalogs',
    'supplier_orders',
    'supplier_order_items',
    'pricing_rules',
    'supplier_performance'
)`;
