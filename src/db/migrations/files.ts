/**
 * Migrations are plain SQL files in database/migrations: NNN_name.sql, its rollback
 * NNN_name_rollback.sql, and the checks that prove each worked: NNN_name.verify.sql and
 * NNN_name_rollback.verify.sql. The migration and rollback files carry a psql frame
 * (psql-frame.ts); jne runs their bodies, and the checksum is the SHA-256 of the migration's body
 * (of the whole file when it has no frame, so framing a file keeps its checksum).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationFilesError } from './errors.js';
import { checksumOf, unframe } from './psql-frame.js';

export interface MigrationFile {
  /** '005' */
  version: string;
  /** 'dropshipping_platform_phase1' */
  name: string;
  /** '005_dropshipping_platform_phase1' */
  id: string;
  file: string;
  /** The body of the migration file: what jne runs. */
  sql: string;
  /** The file's line number of the body's first line. */
  sqlFirstLine: number;
  checksum: string;
  rollbackFile: string;
  rollbackSql: string;
  rollbackSqlFirstLine: number;
  verifySql: string | undefined;
  rollbackVerifySql: string | undefined;
}

export { MigrationFilesError };

/** database/migrations of this checkout, wherever the code runs from (src or dist). */
export function defaultMigrationsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new MigrationFilesError('Cannot find the project folder (package.json)');
    dir = parent;
  }
  return path.join(dir, 'database', 'migrations');
}

const MIGRATION = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir = defaultMigrationsDir()): MigrationFile[] {
  const names = fs.readdirSync(dir).sort();
  const migrations: MigrationFile[] = [];
  for (const fileName of names) {
    const match = MIGRATION.exec(fileName);
    if (!match || fileName.endsWith('_rollback.sql')) continue;
    const [, version, name] = match as unknown as [string, string, string];
    const id = `${version}_${name}`;
    const rollbackName = `${id}_rollback.sql`;
    if (!names.includes(rollbackName)) {
      throw new MigrationFilesError(`${fileName} has no rollback: expected ${rollbackName} beside it in ${dir}`);
    }
    const apply = unframe(fs.readFileSync(path.join(dir, fileName), 'utf8'), fileName);
    const rollback = unframe(fs.readFileSync(path.join(dir, rollbackName), 'utf8'), rollbackName);
    migrations.push({
      version,
      name,
      id,
      file: path.join(dir, fileName),
      sql: apply.body,
      sqlFirstLine: apply.firstLine,
      checksum: checksumOf(apply.body),
      rollbackFile: path.join(dir, rollbackName),
      rollbackSql: rollback.body,
      rollbackSqlFirstLine: rollback.firstLine,
      verifySql: readOptional(path.join(dir, `${id}.verify.sql`)),
      rollbackVerifySql: readOptional(path.join(dir, `${id}_rollback.verify.sql`)),
    });
  }
  const seen = new Map<string, string>();
  for (const m of migrations) {
    const other = seen.get(m.version);
    if (other) throw new MigrationFilesError(`Two migrations share number ${m.version}: ${other}.sql and ${m.id}.sql`);
    seen.set(m.version, m.id);
  }
  return migrations;
}

function readOptional(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}
