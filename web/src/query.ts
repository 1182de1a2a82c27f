/**
 * Server state: one QueryClient for the shop and the back office. A refused request (4xx) is not
 * retried: asking again gives the same answer; a network error or a 5xx is, twice.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

function retry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry, staleTime: 10_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();

// Every call goes through api.ts's `call`, which throws ApiError for every failure.
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}
