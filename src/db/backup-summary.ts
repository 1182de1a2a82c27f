/**
 * What a restore would replace, and with what: the schema version (the newest applied migration)
 * and the rows of each table, of the database now and of a backup file. A server backup is read
 * as text (its COPY blocks); an embedded backup is opened in memory.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { PGlite } from '@electric-sql/pglite';
import { parsers, startParams } from './embedded.js';
import type { Session } from './session.js';

export interface DatabaseSummary {
  /** The newest applied migration, or undefined when none is. */
  version: string | undefined;
  /** Rows per table of the public schema. */
  rows: Record<string, number>;
}

/** The summary of a database through one of its sessions. */
export async function summarizeDatabase(session: Pick<Session, 'query'>): Promise<DatabaseSummary> {
  const tables = await session.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
  );
  const rows: Record<string, number> = {};
  if (tables.rows.length > 0) {
    const counts = await session.query<{ name: string; n: number | string }>(
      tables.rows
        .map((t) => `select ${quoteLiteral(t.name)} as name, count(*) as n from public.${quoteIdent(t.name)}`)
        .join(' union all '),
    );
    for (const c of counts.rows) rows[c.name] = Number(c.n);
  }
  let version: string | undefined;
  if ('schema_migrations' in rows) {
    const newest = await session.query<{ version: string | null }>(
      'select max(version) as version from public.schema_migrations',
    );
    version = newest.rows[0]?.version ?? undefined;
  }
  return { version, rows };
}

/** The summary of an embedded backup (a dumpDataDir tarball), opened in memory. */
export async function summarizeEmbeddedBackup(blob: Blob): Promise<DatabaseSummary> {
  const pglite = await PGlite.create({ loadDataDir: blob, parsers, startParams: startParams('jne db restore') });
  try {
    return await summarizeDatabase({
      query: async <R>(sql: string) => {
        const result = await pglite.query<R>(sql);
        return { rows: result.rows, rowCount: result.rows.length };
      },
    });
  } finally {
    await pglite.close();
  }
}

/** The summary of a plain pg_dump file: its COPY blocks counted, schema_migrations' versions read. */
export async function summarizeServerBackup(file: string): Promise<DatabaseSummary> {
  const rows: Record<string, number> = {};
  let version: string | undefined;
  let table: string | undefined;
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (table === undefined) {
      const copy = /^COPY public\.("?)([^"\s(]+)\1 \(.*\) FROM stdin;$/.exec(line);
      if (copy) {
        table = copy[2]!;
        rows[table] = 0;
      } else {
        const created = /^CREATE TABLE public\.("?)([^"\s(]+)\1 \($/.exec(line);
        if (created) rows[created[2]!] ??= 0;
      }
      continue;
    }
    if (line === '\\.') {
      table = undefined;
      continue;
    }
    rows[table] = (rows[table] ?? 0) + 1;
    if (table === 'schema_migrations') {
      const applied = line.split('\t')[0]!;
      if (version === undefined || applied > version) version = applied;
    }
  }
  return { version, rows };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
