/**
 * The console's navigation, declared by each page's route in its staticData: the shell lists the
 * routes that have one, by `order`, and hides adminOnly entries from staff.
 */
export interface NavEntry {
  label: string;
  /** Place in the navigation, smaller first. */
  order: number;
  adminOnly?: boolean;
}

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    nav?: NavEntry;
  }
}
