/**
 * The console's frame: the navigation the pages' routes declare (see nav.ts), who is signed in, and
 * the page. When the session ends (sign-out, expiry, a 401 from the API) it goes to the login,
 * which comes back here after signing in.
 */
import { Link, Outlet, useNavigate, useRouter } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import './console.css';
import './nav';
import { saveSession, useSession } from './session';

export function AdminShell() {
  const session = useSession();
  const router = useRouter();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!session) {
      // Data of the last user stays with them.
      queryClient.clear();
      // Where the user was when the session ended; read once, so the login's own URL is never it.
      const redirect = router.state.location.href;
      void navigate({ to: '/admin/login', search: { redirect }, replace: true });
    }
  }, [session, navigate, router, queryClient]);
  if (!session) return null;

  const entries = Object.values(router.routesById)
    .flatMap((route) => {
      const nav = route.options.staticData?.nav;
      return nav && (!nav.adminOnly || session.user.role === 'admin') ? [{ ...nav, to: route.to }] : [];
    })
    .sort((a, b) => a.order - b.order);

  return (
    <div className="console">
      <header className="console__bar">
        <Link to="/admin" className="console__brand">
          <span className="logo__mark">JNE</span> Back office
        </Link>
        <span className="console__user" data-testid="console-user">
          {session.user.name ?? session.user.email} · <span className="role">{session.user.role}</span>
        </span>
        <Link to="/" className="button button--ghost button--small">
          Shop
        </Link>
        <button type="button" className="button button--ghost button--small" onClick={() => saveSession(null)}>
          Sign out
        </button>
      </header>
      <div className="console__body">
        <nav className="console__nav" aria-label="Back office">
          <ul>
            {entries.map((e) => (
              <li key={e.to}>
                <Link to={e.to} activeOptions={{ exact: e.to === '/admin', includeSearch: false }}>
                  {e.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main className="console__main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
