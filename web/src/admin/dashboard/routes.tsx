/** /admin: the dashboard, the console's first page. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { adminRoute } from '../route';

export const dashboardRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  staticData: { nav: { label: 'Dashboard', order: 10 } },
  component: lazyRouteComponent(() => import('./DashboardPage'), 'DashboardPage'),
});

export const dashboardRoutes = [dashboardRoute];
