/**
 * In-memory PGlite databases of the migrated template, used again by the next test files of the
 * same worker instead of closed. Starting a PGlite costs about 0.3 s of CPU (untarring the
 * template into its memory filesystem, booting PostgreSQL in WebAssembly), and the test run
 * starts hundreds; putting a used one back into the template's state costs about a fifth of that.
 *
 * A database goes back only when its test file has ended (databases.ts), and only after it has
 * been checked and reset:
 *   - the session: an open transaction rolled back, then DISCARD ALL (settings, temporary tables,
 *     prepared statements, advisory locks, LISTEN);
 *   - the schema: a fingerprint of everything a test could have changed outside the tables' rows
 *     (relations, columns, defaults, constraints, indexes, triggers, functions, types, views,
 *     roles, grants, settings of the database and ALTER SYSTEM, extensions, planner statistics)
 *     must equal the template's, or the database is closed instead;
 *   - the rows: every table truncated and the template's rows written back as the migrations left
 *     them (triggers off for both), every sequence set back to the template's value.
 * A test therefore starts from the same state as on a freshly loaded copy of the template.
 */
import type { PGlite } from '@electric-sql/pglite';

/** What the migrated template holds, read once from a freshly loaded copy. */
interface TemplateState {
  fingerprint: string;
  tables: string[];
  rows: { table: string; json: string }[];
  sequences: { name: string; value: string; called: boolean }[];
}

/** Idle databases per worker; more would only hold memory (a PGlite keeps 100-200 MB). */
const POOL_SIZE = 4;
const idle: PGlite[] = [];
let template: TemplateState | undefined;

/** An idle database in the template's state, if one is kept. */
export function takeIdle(): PGlite | undefined {
  return idle.pop();
}

/** Closes the idle databases (for a test of this pool that must start without any). */
export async function closeIdle(): Promise<void> {
  for (const pglite of idle.splice(0)) await pglite.close();
}

/** Reads the template's state from a database just loaded from it (once per worker). */
export async function rememberTemplate(pglite: PGlite): Promise<void> {
  if (template) return;
  const fingerprint = await fingerprintOf(pglite);
  const { rows: tables } = await pglite.query<{ name: string }>(`
    SELECT c.oid::regclass::text AS name FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`);
  const rows: TemplateState['rows'] = [];
  for (const { name } of tables) {
    const { rows: data } = await pglite.query<{ json: string | null }>(
      `SELECT json_agg(t)::text AS json FROM ${name} t`,
    );
    if (data[0]!.json !== null) rows.push({ table: name, json: data[0]!.json });
  }
  const { rows: sequences } = await pglite.query<{ name: string; value: string; called: boolean }>(`
    SELECT format('%I.%I', schemaname, sequencename) AS name,
           coalesce(last_value, start_value)::text AS value, last_value IS NOT NULL AS called
      FROM pg_sequences WHERE schemaname = 'public'`);
  template = { fingerprint, tables: tables.map((t) => t.name), rows, sequences };
}

/**
 * Puts a database a finished test file used back into the template's state and keeps it, or
 * closes it when it cannot be reused (closed by its test, schema changed, pool full, any error).
 */
export async function recycle(pglite: PGlite): Promise<void> {
  if (pglite.closed) return;
  try {
    if (template && idle.length < POOL_SIZE && (await reset(pglite, template))) {
      idle.push(pglite);
      return;
    }
  } catch {
    // a database that cannot be reset is closed below, and the next test gets a fresh one
  }
  await pglite.close();
}

async function reset(pglite: PGlite, state: TemplateState): Promise<boolean> {
  // ROLLBACK outside a transaction only warns.
  await pglite.exec('ROLLBACK');
  await pglite.exec('DISCARD ALL');
  if ((await fingerprintOf(pglite)) !== state.fingerprint) return false;
  await pglite.transaction(async (tx) => {
    // triggers off: the ones on TRUNCATE would log catalog changes, those on INSERT stamp times
    await tx.exec('SET LOCAL session_replication_role = replica');
    await tx.exec(`TRUNCATE ${state.tables.join(', ')} RESTART IDENTITY CASCADE`);
    for (const { table, json } of state.rows) {
      await tx.query(
        `INSERT INTO ${table} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(null::${table}, $1)`,
        [json],
      );
    }
    for (const { name, value, called } of state.sequences) {
      await tx.query('SELECT setval($1::regclass, $2::bigint, $3)', [name, value, called]);
    }
  });
  return true;
}

export async function fingerprintOf(pglite: PGlite): Promise<string> {
  const { rows } = await pglite.query<{ fingerprint: string }>(FINGERPRINT);
  return rows[0]!.fingerprint;
}

const USER_NAMESPACE = `NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace)`;

/** Everything outside the tables' rows that a test could change, hashed. */
const FINGERPRINT = `
SELECT md5(concat_ws('|',
  (SELECT string_agg(concat_ws(':', nspname, nspowner::regrole, nspacl), ',' ORDER BY nspname)
     FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_'),
  (SELECT string_agg(concat_ws(':', c.oid::regclass, c.relkind, c.relpersistence, c.relowner::regrole, c.relacl,
                               c.relrowsecurity, c.reloptions), ',' ORDER BY c.oid::regclass::text)
     FROM pg_class c WHERE c.relnamespace ${USER_NAMESPACE} AND c.relpersistence <> 't'),
  (SELECT string_agg(concat_ws(':', a.attrelid::regclass, a.attname, a.atttypid::regtype, a.atttypmod, a.attnotnull,
                               a.attisdropped, a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid)),
                     ',' ORDER BY a.attrelid::regclass::text, a.attnum)
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND c.relnamespace ${USER_NAMESPACE} AND c.relpersistence <> 't'),
  (SELECT string_agg(concat_ws(':', conrelid::regclass, conname, pg_get_constraintdef(oid), condeferrable,
                               condeferred, convalidated), ',' ORDER BY conrelid::regclass::text, conname)
     FROM pg_constraint WHERE connamespace ${USER_NAMESPACE}),
  (SELECT string_agg(concat_ws(':', pg_get_indexdef(i.indexrelid), i.indisvalid), ',' ORDER BY i.indexrelid::regclass::text)
     FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace ${USER_NAMESPACE}),
  (SELECT string_agg(concat_ws(':', tgenabled, pg_get_triggerdef(oid)), ',' ORDER BY tgrelid::regclass::text, tgname)
     FROM pg_trigger WHERE NOT tgisinternal),
  (SELECT string_agg(concat_ws(':', p.oid::regprocedure, md5(p.prosrc), p.proconfig, p.provolatile,
                               p.proowner::regrole, p.proacl), ',' ORDER BY p.oid::regprocedure::text)
     FROM pg_proc p WHERE p.pronamespace ${USER_NAMESPACE}),
  (SELECT string_agg(concat_ws(':', t.oid::regtype, t.typtype), ',' ORDER BY t.oid::regtype::text)
     FROM pg_type t WHERE t.typnamespace ${USER_NAMESPACE} AND t.typrelid = 0),
  (SELECT string_agg(concat_ws(':', enumtypid::regtype, enumlabel), ',' ORDER BY enumtypid::regtype::text, enumsortorder)
     FROM pg_enum),
  (SELECT string_agg(pg_get_viewdef(c.oid), ',' ORDER BY c.oid::regclass::text)
     FROM pg_class c WHERE c.relkind IN ('v', 'm') AND c.relnamespace ${USER_NAMESPACE}),
  (SELECT string_agg(concat_ws(':', rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin,
                               rolbypassrls, rolconnlimit, rolconfig), ',' ORDER BY rolname) FROM pg_roles),
  (SELECT string_agg(concat_ws(':', roleid::regrole, member::regrole), ',' ORDER BY 1) FROM pg_auth_members),
  (SELECT string_agg(concat_ws(':', setdatabase, setrole, setconfig), ',' ORDER BY 1) FROM pg_db_role_setting),
  (SELECT string_agg(concat_ws(':', datname, datallowconn, datconnlimit, datacl), ',' ORDER BY datname)
     FROM pg_database),
  (SELECT string_agg(concat_ws(':', extname, extversion), ',' ORDER BY extname) FROM pg_extension),
  (SELECT string_agg(concat_ws(':', polrelid::regclass, polname), ',' ORDER BY 1) FROM pg_policy),
  (SELECT string_agg(pubname, ',' ORDER BY 1) FROM pg_publication),
  (SELECT string_agg(concat_ws(':', evtname, evtenabled), ',' ORDER BY 1) FROM pg_event_trigger),
  (SELECT string_agg(concat_ws('=', name, setting), ',' ORDER BY name) FROM pg_file_settings),
  (SELECT count(*) FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid WHERE c.relnamespace ${USER_NAMESPACE}),
  (SELECT count(*) FROM pg_largeobject_metadata)
)) AS fingerprint`;
