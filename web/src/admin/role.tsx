/**
 * What the signed-in role may see. Staff run the shop; admins also change settings and look at the
 * database. Hiding is for the operator's sake only: the API refuses the same actions with a 403.
 */
import type { ReactNode } from 'react';
import type { Role } from '../api';
import { useSession } from './session';

export function useRole(): Role | null {
  return useSession()?.user.role ?? null;
}

/** Its children for admins, nothing for staff. */
export function AdminOnly({ children }: { children: ReactNode }) {
  return useRole() === 'admin' ? <>{children}</> : null;
}

/** A whole page for admins; staff who open its URL are told why they see nothing. */
export function AdminOnlyPage({ children }: { children: ReactNode }) {
  if (useRole() === 'admin') return <>{children}</>;
  return (
    <div className="error-box" role="alert" data-testid="error">
      <strong>Not allowed for your role</strong>
      <p>This page is for admins. Ask an admin if you need something from it.</p>
    </div>
  );
}
