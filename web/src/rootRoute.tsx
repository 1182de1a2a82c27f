/** The root of the route tree: the QueryClient in the router's context, and the page for unknown URLs. */
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, Link, Outlet } from '@tanstack/react-router';
import { ShopFrame } from './shop/ShopFrame';

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

function NotFound() {
  return (
    <ShopFrame>
      <div className="narrow empty">
        <h1>Page not found</h1>
        <p>This page does not exist (any more).</p>
        <Link to="/" className="button button--primary">
          To the shop
        </Link>
      </div>
    </ShopFrame>
  );
}
