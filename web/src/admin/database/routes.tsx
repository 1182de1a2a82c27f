/** /admin/database (admins): the migrations and their checks, as `jne db status` and `jne db verify`. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { adminRoute } from '../route';

export const databaseRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'database',
  staticData: { nav: { label: 'Database', order: 100, adminOnly: true } },
  component: lazyRouteComponent(() => import('./DatabasePage'), 'DatabasePage'),
});

export const databaseRoutes = [databaseRoute];
