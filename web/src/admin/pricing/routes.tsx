/** /admin/pricing: the rules in the order they are tried; ?rule=<id> or ?rule=new opens the editor. */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { text, type SearchOf } from '../../search';
import { adminRoute } from '../route';

interface PricingSearch {
  rule: string;
}

export const pricingRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: 'pricing',
  staticData: { nav: { label: 'Pricing', order: 55 } },
  validateSearch: (search: Record<string, unknown>): SearchOf<PricingSearch> => {
    const rule = text(search.rule, 20);
    return { rule: rule === 'new' || (rule && /^\d+$/.test(rule)) ? rule : undefined };
  },
  component: lazyRouteComponent(() => import('./PricingPage'), 'PricingPage'),
});

export const pricingRoutes = [pricingRoute];
