/**
 * The router of the web app (TanStack Router, code-based route tree: see routeTree.ts). Search
 * parameters stay plain strings in the URL, typed per route by its validateSearch (search.ts).
 */
import { createRouter } from '@tanstack/react-router';
import { queryClient } from './query';
import { routeTree } from './routeTree';
import { parseSearch, stringifySearch } from './search';
import { Loading } from './ui/states';

export const router = createRouter({
  routeTree,
  context: { queryClient },
  parseSearch,
  stringifySearch,
  defaultPreload: 'intent',
  defaultPendingComponent: () => <Loading />,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
