/**
 * Who is in the way: the session holding the deploy's advisory lock, the sessions blocking a
 * migration, the sessions holding locks on the tables a migration touches. Each is described
 * the way an operator needs it to decide: pid, application, how long its transaction has been
 * open, what it is running.
 */
import type { Session } from '../session.js';

export interface SessionInfo {
  pid: number;
  application: string;
  user: string;
  state: string | null;
  transactionSeconds: number | null;
  query: string;
  relation?: string;
  mode?: string;
}

const COLUMNS = `a.pid, coalesce(nullif(a.application_name, ''), '(none)') as application, a.usename as user,
  a.state, extract(epoch from now() - a.xact_start)::float8 as "transactionSeconds",
  left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 300) as query`;

/** One 64-bit key for every deploy of this schema: "JNE" in ASCII. */
export const MIGRATION_LOCK_KEY = 0x4a4e45;

export async function tryAdvisoryLock(session: Session): Promise<boolean> {
  const { rows } = await session.query<{ locked: boolean }>(`select pg_try_advisory_lock($1::bigint) as locked`, [
    MIGRATION_LOCK_KEY,
  ]);
  return rows[0]?.locked === true;
}

export async function advisoryUnlock(session: Session): Promise<void> {
  await session.query(`select pg_advisory_unlock($1::bigint)`, [MIGRATION_LOCK_KEY]);
}

export async function advisoryLockHolders(session: Session): Promise<SessionInfo[]> {
  // A bigint advisory key shows in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
  const { rows } = await session.query<SessionInfo>(
    `select ${COLUMNS}
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1
        and l.classid = 0 and l.objid = $1 and l.pid <> pg_backend_pid()`,
    [MIGRATION_LOCK_KEY],
  );
  return rows;
}

export async function blockersOf(session: Session, pid: number): Promise<SessionInfo[]> {
  const { rows } = await session.query<SessionInfo>(
    `select ${COLUMNS} from pg_stat_activity a where a.pid = any(pg_blocking_pids($1))`,
    [pid],
  );
  return rows;
}

export async function lockHoldersOn(session: Session, tables: string[], excludePid: number): Promise<SessionInfo[]> {
  if (tables.length === 0) return [];
  const { rows } = await session.query<SessionInfo>(
    `select distinct on (a.pid, l.relation) ${COLUMNS}, l.relation::regclass::text as relation, l.mode
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.granted and l.locktype = 'relation' and l.pid <> $2 and l.pid <> pg_backend_pid()
        and l.relation in (select to_regclass(t) from unnest($1::text[]) t)
      order by a.pid, l.relation`,
    [tables, excludePid],
  );
  return rows;
}

export async function backendPid(session: Session): Promise<number> {
  const { rows } = await session.query<{ pid: number }>(`select pg_backend_pid() as pid`);
  return rows[0]!.pid;
}

export function describeSession(s: SessionInfo): string {
  const open =
    s.transactionSeconds === null ? 'no open transaction' : `transaction open ${s.transactionSeconds.toFixed(1)} s`;
  const on = s.relation ? ` holds ${s.mode} on ${s.relation};` : '';
  return `pid ${s.pid} (application "${s.application}", user ${s.user}, ${s.state ?? 'unknown state'}, ${open});${on} query: ${s.query || '(none)'}`;
}

/** Tables a script touches that already exist: ALTER TABLE x, ... ON x, REFERENCES x, INSERT INTO x, ... */
export function tablesTouchedBy(sql: string): string[] {
  const names = new Set<string>();
  const pattern =
    /\b(?:alter\s+table(?:\s+if\s+exists)?(?:\s+only)?|references|on(?:\s+only)?|insert\s+into|update|delete\s+from|drop\s+table(?:\s+if\s+exists)?|lock(?:\s+table)?)\s+("?[a-z_][a-z0-9_]*"?(?:\."?[a-z_][a-z0-9_]*"?)?)/gi;
  for (const match of withoutComments(sql).matchAll(pattern)) {
    names.add(match[1]!.replaceAll('"', '').toLowerCase());
  }
  return [...names];
}

export function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}
