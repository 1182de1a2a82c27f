/**
 * The console's route tree: the login, and the layout route with each area's pages. An area adds
 * itself with one import and one entry below (kept in alphabetical order, one per line).
 */
import { createRoute, redirect } from '@tanstack/react-router';
import { orderRoutes } from './orders/routes';
import { adminRoute, loginRoute } from './route';
import { supplierRoutes } from './suppliers/routes';

/** /admin opens the orders. */
const adminHome = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/admin/orders', replace: true });
  },
});

export const adminTree = [loginRoute, adminRoute.addChildren([adminHome, ...orderRoutes, ...supplierRoutes])];
