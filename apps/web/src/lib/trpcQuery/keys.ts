// Query keys and cache helpers; plain functions so router guards and stores can use them outside components.
import { getUntypedClient } from '@trpc/client';
import type { QueryClient } from '@tanstack/vue-query';
import type { TrpcClient } from '../trpc';
import type {
  InvalidatePath,
  MutationInput,
  MutationOutput,
  MutationPath,
  QueryInput,
  QueryOutput,
  QueryPath,
} from './types';

export type TrpcQueryKey = readonly [path: readonly string[], meta: { type: 'query'; input?: unknown }];
type TrpcKeyPrefix = readonly [path: readonly string[], meta?: { input: unknown }];

export function trpcQueryKey<P extends QueryPath>(path: P, input?: QueryInput<P>): TrpcQueryKey {
  return [path.split('.'), input === undefined ? { type: 'query' } : { type: 'query', input }];
}

function keyPrefix(path: InvalidatePath, input?: unknown): TrpcKeyPrefix {
  return input === undefined ? [path.split('.')] : [path.split('.'), { input }];
}

/** Calls a query procedure by path. The only untyped hop; its types come from `AppRouter`. */
export function callQuery<P extends QueryPath>(
  client: TrpcClient,
  path: P,
  input: QueryInput<P>,
  signal?: AbortSignal,
): Promise<QueryOutput<P>> {
  return getUntypedClient(client).query(path, input, { signal }) as Promise<QueryOutput<P>>;
}

export function callMutation<P extends MutationPath>(
  client: TrpcClient,
  path: P,
  input: MutationInput<P>,
): Promise<MutationOutput<P>> {
  return getUntypedClient(client).mutation(path, input) as Promise<MutationOutput<P>>;
}

/** `{ queryKey, queryFn }` for a procedure: for `queryClient.fetchQuery`/`ensureQueryData`. */
export function trpcQueryOptions<P extends QueryPath>(client: TrpcClient, path: P, input?: QueryInput<P>) {
  return {
    queryKey: trpcQueryKey(path, input),
    queryFn: ({ signal }: { signal: AbortSignal }) => callQuery(client, path, input as QueryInput<P>, signal),
  };
}

export function getTrpcQueryData<P extends QueryPath>(
  queryClient: QueryClient,
  path: P,
  input?: QueryInput<P>,
): QueryOutput<P> | undefined {
  return queryClient.getQueryData<QueryOutput<P>>(trpcQueryKey(path, input));
}

export function setTrpcQueryData<P extends QueryPath>(
  queryClient: QueryClient,
  path: P,
  input: QueryInput<P>,
  data: QueryOutput<P>,
): void {
  queryClient.setQueryData<QueryOutput<P>>(trpcQueryKey(path, input), data);
}

/** Invalidates a procedure (every input, or one), or every query under a router prefix. */
export function invalidateTrpc(queryClient: QueryClient, path: InvalidatePath, input?: unknown): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: keyPrefix(path, input) });
}
