/** The back-office session: the bearer token from /api/auth/login, kept for this tab only. */
import { useSyncExternalStore } from 'react';
import type { Session } from '../../api';

const KEY = 'jne.admin.session.v1';
const listeners = new Set<() => void>();
let cache: { raw: string | null; session: Session | null } = { raw: null, session: null };

function read(): Session | null {
  let raw: string | null = null;
  try {
    raw = sessionStorage.getItem(KEY);
  } catch {
    raw = null;
  }
  if (raw !== cache.raw) {
    let session: Session | null = null;
    try {
      session = raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      session = null;
    }
    cache = { raw, session };
  }
  const session = cache.session;
  if (session?.expiresAt && Date.parse(session.expiresAt) <= Date.now()) return null;
  return session;
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    read,
    () => null,
  );
}

export function saveSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Without storage the session lasts until the next reload.
  }
  cache = { raw: session ? JSON.stringify(session) : null, session };
  for (const l of listeners) l();
}
