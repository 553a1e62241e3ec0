/**
 * The shape of tRPC's own options proxy, for vue-query (no maintained Vue adapter for tRPC 11
 * exists): call sites navigate `AppRouter` and are typed by it, not by strings.
 *
 *   const trpc = useTrpcOptions();
 *   const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
 *   const save = useMutation(trpc.account.updateSettings.mutationOptions({ invalidates: [trpc.auth.me] }));
 *   queryClient.setQueryData(trpcKeys.auth.me.queryKey(), user);     // typed by the key
 *   await queryClient.invalidateQueries(trpcKeys.progress.pathFilter());
 *   useTrpcSubscription(trpc.account.events.subscriptionOptions(undefined, { onData }));
 */
import { getUntypedClient } from '@trpc/client';
import { useQueryClient, type QueryClient } from '@tanstack/vue-query';
import { useTrpc, type TrpcClient, type TrpcError } from '../trpc';
import type {
  PathNode,
  TrpcKeys,
  TrpcMutationExtras,
  TrpcOptions,
  TrpcPathKey,
  TrpcQueryExtras,
  TrpcQueryKey,
  TrpcSubscriptionExtras,
} from './proxyTypes';

interface Context {
  client?: TrpcClient;
  queryClient?: QueryClient;
}

function need<T>(value: T | undefined, what: string, path: readonly string[]): T {
  if (value === undefined)
    throw new Error(`trpc.${path.join('.')}: ${what} needs createTrpcOptionsProxy({ client, queryClient })`);
  return value;
}

/** The methods of the node at `path`; which of them make sense is the types' business. */
function methods(context: Context, path: readonly string[]) {
  const name = path.join('.');
  const queryKey = (input?: unknown): TrpcQueryKey => [
    path,
    input === undefined ? { type: 'query' } : { type: 'query', input },
  ];
  const pathKey = (): TrpcPathKey => [path];
  return {
    pathKey,
    pathFilter: () => ({ queryKey: pathKey() }),
    queryKey,
    queryFilter: (input?: unknown) => ({ queryKey: (input === undefined ? [path] : [path, { input }]) as TrpcPathKey }),
    queryOptions: (input?: unknown, extras: TrpcQueryExtras = {}) => {
      const client = need(context.client, 'queryOptions', path);
      return {
        ...extras,
        queryKey: queryKey(input),
        // The only untyped hop; the proxy's types come from `AppRouter`.
        queryFn: ({ signal }: { signal: AbortSignal }) => getUntypedClient(client).query(name, input, { signal }),
      };
    },
    mutationKey: () => [path, { type: 'mutation' }] as const,
    mutationOptions: (extras: TrpcMutationExtras<unknown, unknown> = {}) => {
      const client = need(context.client, 'mutationOptions', path);
      const queryClient = extras.invalidates?.length ? need(context.queryClient, 'invalidates', path) : undefined;
      return {
        mutationKey: [path, { type: 'mutation' }] as const,
        mutationFn: (input: unknown) => getUntypedClient(client).mutation(name, input),
        onSuccess: async (data: unknown, input: unknown) => {
          await extras.onSuccess?.(data, input);
          await Promise.all(
            (extras.invalidates ?? []).map((node: PathNode) => queryClient?.invalidateQueries(node.pathFilter())),
          );
        },
        onError: (error: TrpcError, input: unknown) => extras.onError?.(error, input),
      };
    },
    subscriptionOptions: (input: unknown, extras: TrpcSubscriptionExtras<unknown>) => ({
      ...extras,
      path: name,
      input,
    }),
  };
}

function node(context: Context, path: readonly string[]): unknown {
  let own: ReturnType<typeof methods> | undefined;
  return new Proxy(
    {},
    {
      get(_target, property) {
        // Only names navigate: not symbols, not `then` (not thenable), not framework probes
        // such as Vue's `__v_isRef` or `toJSON`.
        if (typeof property !== 'string' || property === 'then' || property === 'toJSON' || property.startsWith('__')) {
          return undefined;
        }
        own ??= methods(context, path);
        return Object.hasOwn(own, property) ? own[property as keyof typeof own] : node(context, [...path, property]);
      },
    },
  );
}

/** Keys and filters of every procedure and router, for cache work anywhere (no client needed). */
export const trpcKeys = node({}, []) as TrpcKeys;

/** The options proxy over a client (and the QueryClient, for `invalidates`), outside components. */
export function createTrpcOptionsProxy(context: { client: TrpcClient; queryClient: QueryClient }): TrpcOptions {
  return node(context, []) as TrpcOptions;
}

/** The options proxy for the app's client and QueryClient (in a component or effect scope). */
export function useTrpcOptions(): TrpcOptions {
  return createTrpcOptionsProxy({ client: useTrpc(), queryClient: useQueryClient() });
}
