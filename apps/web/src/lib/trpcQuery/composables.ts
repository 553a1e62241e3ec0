// vue-query composables for tRPC queries and mutations (need a component or effect scope).
import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationReturnType,
  type UseQueryReturnType,
} from '@tanstack/vue-query';
import { toValue, type MaybeRefOrGetter } from 'vue';
import { useTrpc, type TrpcError } from '../trpc';
import { callMutation, callQuery, invalidateTrpc, trpcQueryKey, type TrpcQueryKey } from './keys';
import type {
  InvalidatePath,
  MutationInput,
  MutationOutput,
  MutationPath,
  QueryInput,
  QueryOutput,
  QueryPath,
} from './types';

export interface TrpcQueryOptions {
  enabled?: MaybeRefOrGetter<boolean>;
  /** ms the data counts as fresh; default is the QueryClient's. */
  staleTime?: number;
  refetchInterval?: number | false;
}

type QueryArgs<P extends QueryPath> =
  undefined extends QueryInput<P>
    ? [input?: MaybeRefOrGetter<QueryInput<P>>, options?: TrpcQueryOptions]
    : [input: MaybeRefOrGetter<QueryInput<P>>, options?: TrpcQueryOptions];

/**
 * `useQuery` for a tRPC query. `input` may be a ref or getter: the query
 * refetches when it changes.
 */
export function useTrpcQuery<P extends QueryPath>(
  path: P,
  ...args: QueryArgs<P>
): UseQueryReturnType<QueryOutput<P>, TrpcError> {
  const client = useTrpc();
  const input: MaybeRefOrGetter<QueryInput<P>> | undefined = args[0];
  const options: TrpcQueryOptions = args[1] ?? {};
  const currentInput = (): QueryInput<P> => toValue(input) as QueryInput<P>;
  return useQuery<QueryOutput<P>, TrpcError, QueryOutput<P>, TrpcQueryKey>({
    queryKey: () => trpcQueryKey(path, currentInput()),
    queryFn: ({ signal }) => callQuery(client, path, currentInput(), signal),
    enabled: () => toValue(options.enabled) ?? true,
    ...(options.staleTime === undefined ? {} : { staleTime: options.staleTime }),
    ...(options.refetchInterval === undefined ? {} : { refetchInterval: options.refetchInterval }),
  });
}

export interface TrpcMutationOptions<P extends MutationPath> {
  /** Runs before `invalidates`; may be async (the mutation stays pending until it settles). */
  onSuccess?: (data: MutationOutput<P>, input: MutationInput<P>) => unknown;
  onError?: (error: TrpcError, input: MutationInput<P>) => unknown;
  /** Queries or routers to invalidate after success. */
  invalidates?: readonly InvalidatePath[];
}

/** `useMutation` for a tRPC mutation. */
export function useTrpcMutation<P extends MutationPath>(
  path: P,
  options: TrpcMutationOptions<P> = {},
): UseMutationReturnType<MutationOutput<P>, TrpcError, MutationInput<P>, unknown> {
  const client = useTrpc();
  const queryClient = useQueryClient();
  return useMutation<MutationOutput<P>, TrpcError, MutationInput<P>, unknown>({
    mutationKey: [path.split('.'), { type: 'mutation' }],
    mutationFn: (input) => callMutation(client, path, input),
    onSuccess: async (data, input) => {
      await options.onSuccess?.(data, input);
      await Promise.all((options.invalidates ?? []).map((p) => invalidateTrpc(queryClient, p)));
    },
    onError: (error, input) => options.onError?.(error, input),
  });
}

/** `invalidate('planner')`, `invalidate('auth.me')`, `invalidate('x.byId', { id })`. */
export function useTrpcInvalidate(): (path: InvalidatePath, input?: unknown) => Promise<void> {
  const queryClient = useQueryClient();
  return (path, input) => invalidateTrpc(queryClient, path, input);
}
