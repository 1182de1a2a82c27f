/**
 * Migration 016 on a shop that already has supplier orders: each order gets the totals of its
 * items and its parcels with a tracking number; an order without parcels gets zero; the rollback
 * removes the columns and keeps the items and parcels.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../src/db/migrations/files.js';
import { Migrator } from '../../../src/db/migrations/migrator.js';
import { backends, emptyDatabase, testMigrationSettings, type TestDatabase } from '../../support/databases.js';

for (const backend of backends) {
  describe(`supplier order totals filled by migration 016 on ${backend}`, () => {
    let database: TestDatabase;
    const migrator = () => new Migrator(database, loadMigrations(), testMigrationSettings);
    beforeAll(async () => {
      database = await emptyDatabase(backend);
      await migrator().migrate({ to: '015' });
      await database.withSession((s) =>
        s.exec(`
          INSERT INTO suppliers (code, name, is_dropship) VALUES ('OLD', 'Old supplier', true);
          INSERT INTO products (sku, slug, name, price) VALUES ('P1', 'p1', 'P1', 10), ('P2', 'p2', 'P2', 10);
          INSERT INTO orders (order_number, email, status, shipping_address)
            VALUES ('OLD-1', 'a@example.com', 'confirmed', '{}');
          INSERT INTO order_items (order_id, product_id, sku, name, quantity, unit_price, line_total)
            VALUES (1, 1, 'P1', 'P1', 3, 10, 30), (1, 2, 'P2', 'P2', 2, 10, 20);
          INSERT INTO supplier_orders (order_id, supplier_id, status, idempotency_key, submitted_at, shipped_at)
            VALUES (1, 1, 'partially_shipped', 'k1', now() - interval '3 days', now() - interval '2 days'),
                   (1, 1, 'submitted', 'k2', now() - interval '1 day', NULL);
          INSERT INTO supplier_order_items (supplier_order_id, order_item_id, product_id, supplier_sku, quantity,
                                            unit_cost, quantity_shipped)
            VALUES (1, 1, 1, 'S1', 3, 5, 3), (1, 2, 2, 'S2', 2, 5, 1), (2, 1, 1, 'S1', 4, 5, 0);
          INSERT INTO supplier_shipments (supplier_order_id, carrier, tracking_number, source, shipped_at, created_at)
            VALUES (1, 'DHL', 'T1', 'webhook', '2026-11-01 10:00Z', '2026-11-01 13:00Z'),
                   (1, 'DHL', 'T2', 'webhook', '2026-11-02 10:00Z', '2026-11-02 10:30Z'),
                   (1, 'DHL', NULL, 'operator', '2026-11-03 10:00Z', '2026-11-04 10:00Z');`),
      );
      await migrator().migrate({ to: '016' });
    }, 180_000);
    afterAll(async () => database?.dispose());

    it('fills the totals from the items and the parcels with tracking', async () => {
      const { rows } = await sql<Record<string, string>>`
        SELECT idempotency_key AS key, units_ordered::text AS ordered, units_shipped::text AS shipped,
               tracked_parcels::text AS parcels, tracking_hours::text AS hours
          FROM supplier_orders ORDER BY id`.execute(database.db);
      expect(rows).toEqual([
        { key: 'k1', ordered: '5', shipped: '4', parcels: '2', hours: expect.stringMatching(/^3\.50*$/) },
        { key: 'k2', ordered: '4', shipped: '0', parcels: '0', hours: '0' },
      ]);
    });

    it('rolls back to columns gone, items and parcels kept', async () => {
      await migrator().rollback({ to: '015' });
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM information_schema.columns
         WHERE table_name = 'supplier_orders' AND column_name IN ('units_ordered', 'units_shipped', 'tracked_parcels', 'tracking_hours')`.execute(
        database.db,
      );
      expect(rows[0]!.n).toBe(0);
      const kept = await sql<{ n: number }>`
        SELECT (SELECT count(*) FROM supplier_order_items)::int + (SELECT count(*) FROM supplier_shipments)::int AS n`.execute(
        database.db,
      );
      expect(kept.rows[0]!.n).toBe(6);
    });
  });
}
