/**
 * GET /health: 200 when the database answers and no migration is pending, 503 with the reason
 * otherwise. Load balancers and the runbook's `curl -I .../health` use it.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { MigrationFile } from '../db/migrations/files.js';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  reason?: string;
  database: { backend: string; up: boolean; latencyMs?: number };
  schema?: { version: string | null; pending: string[] };
}

export async function checkHealth(database: Database, migrations: MigrationFile[]): Promise<HealthReport> {
  const started = performance.now();
  let applied: string[];
  try {
    const { rows } = await sql<{ version: string }>`
      select version from schema_migrations order by version`.execute(database.db);
    applied = rows.map((r) => r.version);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === '42P01'
        ? 'the database has no schema_migrations table: it was never migrated'
        : 'the database does not answer';
    return { status: 'unavailable', reason, database: { backend: database.backend, up: code === '42P01' } };
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const pending = migrations.filter((m) => !applied.includes(m.version)).map((m) => m.id);
  const report: HealthReport = {
    status: pending.length === 0 ? 'ok' : 'unavailable',
    database: { backend: database.backend, up: true, latencyMs },
    schema: { version: applied.at(-1) ?? null, pending },
  };
  if (pending.length > 0) report.reason = `${pending.length} pending migration(s): ${pending.join(', ')}`;
  return report;
}

export function healthRoutes(app: FastifyInstance, database: Database, migrations: MigrationFile[]): void {
  app.get('/health', { logLevel: 'warn' }, async (_request, reply) => {
    const report = await checkHealth(database, migrations);
    return reply
      .code(report.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report);
  });
}
