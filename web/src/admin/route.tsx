/**
 * The console's layout route (/admin, behind the staff login) and the login page. Each area of the
 * console adds its pages as children of adminRoute in its own routes file (admin/<area>/routes.tsx)
 * and names its navigation entry in the route's staticData; admin/routes.ts lists the areas.
 * Page components are loaded lazily: the storefront never downloads the console.
 */
import { createRoute, lazyRouteComponent, Link, redirect } from '@tanstack/react-router';
import { rootRoute } from '../rootRoute';
import { text } from '../search';
import { readSession } from './session';

export const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  beforeLoad: ({ location }) => {
    if (!readSession()) throw redirect({ to: '/admin/login', search: { redirect: location.href } });
  },
  component: lazyRouteComponent(() => import('./Shell'), 'AdminShell'),
  notFoundComponent: () => (
    <div className="empty" data-testid="not-found">
      <h1>Page not found</h1>
      <p>The back office has no such page.</p>
      <Link to="/admin">To the dashboard</Link>
    </div>
  ),
});

/** Only paths of the console: a login link cannot send the user anywhere else. */
function consolePath(value: unknown): string | undefined {
  const path = text(value, 2000);
  return path && /^\/admin(?:[/?#]|$)/.test(path) && !path.startsWith('/admin/login') ? path : undefined;
}

export const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({
    redirect: consolePath(search.redirect),
  }),
  component: lazyRouteComponent(() => import('./LoginPage'), 'LoginPage'),
});
