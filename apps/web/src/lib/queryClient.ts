import { isTRPCClientError } from '@trpc/client';
import { QueryCache, QueryClient } from '@tanstack/vue-query';

/** HTTP status of a tRPC error answered by the server, if any. */
function httpStatusOf(error: unknown): number | null {
  if (!isTRPCClientError(error)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('httpStatus' in data)) return null;
  return typeof data.httpStatus === 'number' ? data.httpStatus : null;
}

export interface AppQueryClientOptions {
  /** A query failed with UNAUTHORIZED: the session ended elsewhere (expired, signed out in another tab). */
  onUnauthorized?: () => void;
}

export function createAppQueryClient(options: AppQueryClientOptions = {}): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (httpStatusOf(error) === 401) options.onUnauthorized?.();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors (4xx) won't fix themselves; retry only network/5xx failures.
        retry: (failureCount, error) => {
          const status = httpStatusOf(error);
          return (status === null || status >= 500) && failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
