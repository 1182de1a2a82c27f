/** Every page of the web app: the storefront and the back office, one router, real URLs. */
import { adminTree } from './admin/routes';
import { rootRoute } from './rootRoute';
import { shopTree } from './shop/routes';

export const routeTree = rootRoute.addChildren([shopTree, ...adminTree]);
