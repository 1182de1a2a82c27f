/**
 * Development commands over database/migrations:
 *   wrap  writes the psql frame of every migration and rollback file (after adding or editing one)
 *   lint  runs squawk over every migration and rollback file; the frame's lines are blanked first
 *         (squawk reads SQL, not psql's meta-commands), so squawk reports the file's own line numbers
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defaultMigrationsDir } from '../src/db/migrations/files.js';
import { migrationFiles, blankFrame, framedText } from '../src/db/migrations/psql-files.js';

const command = process.argv[2];
const dir = defaultMigrationsDir();

if (command === 'wrap') {
  let changed = 0;
  for (const file of migrationFiles(dir)) {
    const current = fs.readFileSync(file.path, 'utf8');
    const framed = framedText(file, current);
    if (framed !== current) {
      fs.writeFileSync(file.path, framed);
      changed++;
      console.log(`framed ${path.basename(file.path)}`);
    }
  }
  console.log(changed === 0 ? 'Every migration file has its psql frame.' : `${changed} file(s) written.`);
} else if (command === 'lint') {
  const root = path.dirname(path.dirname(dir));
  let failed = 0;
  for (const file of migrationFiles(dir)) {
    const relative = path.relative(root, file.path);
    const result = spawnSync(
      path.join(root, 'node_modules', '.bin', 'squawk'),
      ['--config', path.join(root, '.squawk.toml'), '--stdin-filepath', relative],
      { cwd: root, input: blankFrame(fs.readFileSync(file.path, 'utf8')), encoding: 'utf8' },
    );
    if (result.status !== 0) {
      failed++;
      process.stdout.write(result.stdout + result.stderr);
    }
  }
  console.log(failed === 0 ? 'squawk: no problems in database/migrations.' : `squawk: problems in ${failed} file(s).`);
  process.exitCode = failed === 0 ? 0 : 1;
} else {
  console.error('usage: tsx scripts/migrations.ts wrap|lint');
  process.exitCode = 2;
}
