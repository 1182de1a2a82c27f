/**
 * The back-office session: the bearer token from /api/auth/login and who it belongs to, kept for
 * this tab only (sessionStorage). The role decides what the console shows; the API checks it again
 * on every request.
 */
import { useSyncExternalStore } from 'react';
import type { Session } from '../api.js';

const KEY = 'jne.admin.session.v2';
const listeners = new Set<() => void>();
let cache: { raw: string | null; session: Session | null } = { raw: null, session: null };

/** The current session, or null when there is none or it has expired. */
export function readSession(): Session | null {
  let raw: string | null = null;
  try {
    raw = sessionStorage.getItem(KEY);
  } catch {
    raw = cache.raw;
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
    readSession,
    () => null,
  );
}

export function saveSession(session: Session | null): void {
  const raw = session ? JSON.stringify(session) : null;
  try {
    if (raw) sessionStorage.setItem(KEY, raw);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Without storage the session lasts until the next reload.
  }
  cache = { raw, session };
  for (const l of listeners) l();
}
