/**
 * GET /api/admin/database/status and /verify (admin): `jne db status` and `jne db verify` for the
 * console, from the same Migrator the commands use. Both only read: the history, the files'
 * checksums and each applied migration's verify checks.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MigrationSettings } from '../config.js';
import type { Database } from '../db/database.js';
import type { MigrationFile } from '../db/migrations/files.js';
import { Migrator } from '../db/migrations/migrator.js';
import { requireRole } from '../http/auth.js';
import { Timestamp, bearer, errors } from '../http/schemas.js';

const MigrationStateSchema = Type.Object({
  version: Type.String(),
  id: Type.String(),
  state: Type.Enum(['applied', 'pending', 'changed', 'missing_file'], {
    description: 'changed: the file differs from what was applied; missing_file: applied, but no such file here',
  }),
  checksum: Type.String({ description: "sha256 of the file (of the applied migration's when its file is missing)" }),
  appliedChecksum: Type.Optional(Type.String()),
  appliedAt: Type.Optional(Timestamp),
  executionMs: Type.Optional(Type.Integer()),
  appliedBy: Type.Optional(Type.String()),
});

const DatabaseStatusSchema = Type.Object(
  {
    ok: Type.Boolean({ description: 'no changed or missing file and no difference: what `jne db status` exits 0 for' }),
    database: Type.String(),
    backend: Type.String(),
    migrations: Type.Array(MigrationStateSchema),
    differences: Type.Array(
      Type.Object({
        version: Type.String(),
        id: Type.String(),
        kind: Type.Enum(['rolled_back_by_hand', 'recorded_but_checks_fail', 'applied_by_hand']),
        message: Type.String(),
      }),
      { description: 'where the recorded history and the schema disagree' },
    ),
  },
  { title: 'DatabaseStatus' },
);

const CheckSchema = Type.Object({ description: Type.String(), ok: Type.Boolean(), detail: Type.String() });

const DatabaseVerifySchema = Type.Object(
  {
    ok: Type.Boolean({ description: 'every check of every applied migration passed' }),
    migrations: Type.Array(Type.Object({ id: Type.String(), checks: Type.Array(CheckSchema) })),
    pending: Type.Array(Type.String(), { description: 'migrations not applied, so not verified' }),
  },
  { title: 'DatabaseVerify' },
);

export const databaseRoutes: FastifyPluginAsyncTypebox<{
  database: Database;
  migrations: MigrationFile[];
  settings: MigrationSettings;
}> = async (app, { database, migrations, settings }) => {
  const migrator = new Migrator(database, migrations, settings);
  const admin = { preValidation: requireRole('admin') };
  const tags = ['database'];

  app.get(
    '/status',
    {
      ...admin,
      schema: {
        tags,
        summary: 'Applied and pending migrations with checksums, and drift from the history: `jne db status` (admin)',
        security: bearer,
        response: { 200: DatabaseStatusSchema, ...errors(401, 403) },
      },
    },
    async () => {
      const states = await migrator.status();
      const differences = await migrator.differences();
      const broken = states.some((s) => s.state === 'changed' || s.state === 'missing_file');
      return {
        ok: !broken && differences.length === 0,
        database: database.label,
        backend: database.backend,
        migrations: states.map((s) => ({ ...s, appliedAt: s.appliedAt?.toISOString() })),
        differences,
      };
    },
  );

  app.get(
    '/verify',
    {
      ...admin,
      schema: {
        tags,
        summary: "Each applied migration's verify checks and their results: `jne db verify` (admin)",
        security: bearer,
        response: { 200: DatabaseVerifySchema, ...errors(401, 403) },
      },
    },
    async () => {
      const results = await migrator.verify();
      const pending = (await migrator.pending()).map((m) => m.id);
      return { ok: results.every((r) => r.checks.every((c) => c.ok)), migrations: results, pending };
    },
  );
};
