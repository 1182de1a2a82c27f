/**
 * Every migration and rollback file carries the psql frame exactly as `npm run db:wrap` writes it,
 * around a body psql reads the same as jne; and the checksums that databases recorded before the
 * frame existed still match.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MigrationFilesError } from '../../../src/db/migrations/errors.js';
import { defaultMigrationsDir, loadMigrations } from '../../../src/db/migrations/files.js';
import { framedText, migrationFiles } from '../../../src/db/migrations/psql-files.js';
import {
  BODY_END,
  BODY_START,
  bodyProblem,
  checksumOf,
  frame,
  unframe,
} from '../../../src/db/migrations/psql-frame.js';
import { tempDir } from '../../support/cli.js';

/** sha256 of each file as databases recorded it before the frame: they must never change. */
const RECORDED_CHECKSUMS: Record<string, string> = {
  '001': '2c7caaf4061479906d11d82984ca47bd66c7d3c819be1132715e84bdf9f36fcd',
  '002': 'c215427411bab91c128076f7b14c0363fb5d9a91e2aa885b5d5edc717e0b9905',
  '003': '6540f65ae44d32a0105f54cec74f021686b6e85b397b4b3e32427628b44aa92f',
  '004': '7863586a5cece31f5408f95d226376c901403e6a8a358185344bdb6b95251b7e',
  '005': '0f4f96fe4c9e25dbd178ed55cdafdc3d1f98c5409c7861e6acdd5f4af4c45694',
  '006': 'c11b92e5063db8e4ae260d801893fd38393f1cd19c89d758d7f99cc010529103',
  '007': '2ee04c682101669db4b130db33cfb463da75100803fdaa1118a681b95d64b120',
};

describe('the psql frame of the migration files', () => {
  const files = migrationFiles(defaultMigrationsDir());

  it('finds every migration and rollback file', () => {
    const migrations = loadMigrations();
    expect(files.length).toBe(migrations.length * 2);
    expect(files.filter((f) => f.kind === 'rollback').map((f) => f.version)).toEqual(migrations.map((m) => m.version));
  });

  for (const file of files) {
    const name = path.basename(file.path);
    it(`${name} has its frame as npm run db:wrap writes it, around a body psql reads as jne does`, () => {
      const text = fs.readFileSync(file.path, 'utf8');
      const { body, framed } = unframe(text, name);
      expect(framed, `${name} has no psql frame: run npm run db:wrap`).toBe(true);
      expect(text === framedText(file, text), `${name}: its psql frame is not as written: run npm run db:wrap`).toBe(
        true,
      );
      expect(bodyProblem(body), `${name}: its body cannot run inside the frame`).toBeUndefined();
    });
  }

  it('keeps the checksums databases recorded before the frame', () => {
    const now = Object.fromEntries(loadMigrations().map((m) => [m.version, m.checksum]));
    for (const [version, checksum] of Object.entries(RECORDED_CHECKSUMS)) expect(now[version]).toBe(checksum);
  });

  it('records the checksum jne computes, and framing or reframing a file does not change it', () => {
    const dir = tempDir('jne-frame-');
    const body = 'create table audit_log (id bigint primary key);\n';
    fs.writeFileSync(path.join(dir, '001_audit.sql'), body);
    fs.writeFileSync(path.join(dir, '001_audit_rollback.sql'), 'drop table audit_log;\n');
    const before = loadMigrations(dir)[0]!.checksum;
    expect(before).toBe(checksumOf(body));

    for (const file of migrationFiles(dir)) {
      fs.writeFileSync(file.path, framedText(file, fs.readFileSync(file.path, 'utf8')));
    }
    const [migration] = loadMigrations(dir);
    expect(migration!.checksum).toBe(before);
    expect(migration!.sql).toBe(body);
    expect(fs.readFileSync(path.join(dir, '001_audit.sql'), 'utf8')).toContain(`\\set jne_checksum ${before}\n`);
    for (const file of migrationFiles(dir)) {
      const text = fs.readFileSync(file.path, 'utf8');
      expect(framedText(file, text)).toBe(text);
    }
  });

  it('an unframed file is all body; a broken frame is refused, naming the file', () => {
    expect(unframe('select 1;\n', 'x.sql')).toEqual({ body: 'select 1;\n', firstLine: 1, framed: false });
    const framed = frame(
      { kind: 'apply', version: '001', name: 'x', previous: '000', checksum: checksumOf('select 1;\n') },
      'select 1;\n',
    );
    expect(unframe(framed, '001_x.sql').body).toBe('select 1;\n');
    expect(() => unframe(framed.replace(BODY_END, ''), '001_x.sql')).toThrow(MigrationFilesError);
    expect(() => unframe(`${framed}${BODY_START}\n`, '001_x.sql')).toThrow(/001_x\.sql: its psql frame is broken/);
  });

  it('a body psql would read differently is named', () => {
    expect(bodyProblem('create table t (id bigint);\n')).toBeUndefined();
    expect(bodyProblem('create table t (id bigint);')).toMatch(/line break/);
    expect(bodyProblem('\\set x 1\nselect 1;\n')).toMatch(/meta-command/);
    expect(bodyProblem('BEGIN;\ncreate table t (id bigint);\nCOMMIT;\n')).toMatch(/transaction/);
    expect(bodyProblem('create table t (id bigint)\n-- done\n')).toMatch(/semicolon/);
    expect(bodyProblem("select :'jne_version';\n")).toMatch(/psql variable/);
    expect(bodyProblem('do $$ begin\n  perform 1;\nend $$;\n')).toBeUndefined();
  });
});
