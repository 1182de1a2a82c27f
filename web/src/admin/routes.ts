/**
 * The console's route tree: the login, and the layout route with each area's pages. An area adds
 * itself with one import and one entry below (kept in alphabetical order, one per line).
 */
import { createRoute, redirect } from '@tanstack/react-router';
import { catalogImportRoutes } from './catalog-imports/routes';
import { orderRoutes } from './orders/routes';
import { performanceRoutes } from './performance/routes';
import { pricingRoutes } from './pricing/routes';
import { productRoutes } from './products/routes';
import { adminRoute, loginRoute } from './route';
import { stockRoutes } from './stock/routes';
import { supplierOrderRoutes } from './supplier-orders/routes';
import { supplierRoutes } from './suppliers/routes';

/** /admin opens the orders. */
const adminHome = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/admin/orders', replace: true });
  },
});

export const adminTree = [
  loginRoute,
  adminRoute.addChildren([
    adminHome,
    ...catalogImportRoutes,
    ...orderRoutes,
    ...performanceRoutes,
    ...pricingRoutes,
    ...productRoutes,
    ...stockRoutes,
    ...supplierOrderRoutes,
    ...supplierRoutes,
  ]),
];
