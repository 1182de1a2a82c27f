/** The migration and rollback files of a folder, each with the psql frame it must carry. */
import fs from 'node:fs';
import path from 'node:path';
import { BODY_END, BODY_START, checksumOf, frame, unframe, type FrameOf } from './psql-frame.js';

export interface FramedFile extends FrameOf {
  path: string;
}

const FILE = /^(\d{3})_([a-z0-9_]+?)(_rollback)?\.sql$/;

/** Every NNN_name.sql and NNN_name_rollback.sql, in order, with what its frame says. */
export function migrationFiles(dir: string): FramedFile[] {
  const names = fs.readdirSync(dir).sort();
  const versions = [...new Set(names.flatMap((n) => FILE.exec(n)?.[1] ?? []))];
  const out: FramedFile[] = [];
  for (const fileName of names) {
    const match = FILE.exec(fileName);
    if (!match) continue;
    const [, version, name, rollback] = match as unknown as [string, string, string, string | undefined];
    const applyFile = path.join(dir, `${version}_${name}.sql`);
    const applyBody = fs.existsSync(applyFile) ? unframe(fs.readFileSync(applyFile, 'utf8'), applyFile).body : '';
    const index = versions.indexOf(version);
    out.push({
      path: path.join(dir, fileName),
      kind: rollback ? 'rollback' : 'apply',
      version,
      name,
      previous: index > 0 ? versions[index - 1]! : '000',
      checksum: checksumOf(applyBody),
    });
  }
  return out;
}

/** The file's text as it must be: its body inside the frame. */
export function framedText(file: FramedFile, current: string): string {
  return frame(file, unframe(current, file.path).body);
}

/** The text with the frame's lines emptied (same line numbers), for tools that read plain SQL. */
export function blankFrame(text: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf(BODY_START);
  const end = lines.lastIndexOf(BODY_END);
  if (start < 0 || end < start) return text;
  return lines.map((line, i) => (i > start && i < end ? line : '')).join('\n');
}
