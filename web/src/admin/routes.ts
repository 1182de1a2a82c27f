/**
 * The console's route tree: the login, and the layout route with each area's pages. An area adds
 * itself with one import and one entry below (kept in alphabetical order, one per line).
 */
import { alertRoutes } from './alerts/routes';
import { catalogImportRoutes } from './catalog-imports/routes';
import { dashboardRoutes } from './dashboard/routes';
import { databaseRoutes } from './database/routes';
import { orderRoutes } from './orders/routes';
import { performanceRoutes } from './performance/routes';
import { pricingRoutes } from './pricing/routes';
import { productRoutes } from './products/routes';
import { adminRoute, loginRoute } from './route';
import { stockRoutes } from './stock/routes';
import { supplierOrderRoutes } from './supplier-orders/routes';
import { supplierRoutes } from './suppliers/routes';

// One area a line, so that areas added side by side merge without conflict.
// prettier-ignore
export const adminTree = [
  loginRoute,
  adminRoute.addChildren([
    ...alertRoutes,
    ...catalogImportRoutes,
    ...dashboardRoutes,
    ...databaseRoutes,
    ...orderRoutes,
    ...performanceRoutes,
    ...pricingRoutes,
    ...productRoutes,
    ...stockRoutes,
    ...supplierOrderRoutes,
    ...supplierRoutes,
  ]),
];
