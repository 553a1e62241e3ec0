/**
 * A small typed bridge between the tRPC client and vue-query.
 *
 * Procedures are named by their dotted path ('auth.me', 'account.updateSettings');
 * inputs and outputs are inferred from `AppRouter` through the typed client.
 *
 *   const me = useTrpcQuery('auth.me');                       // UseQueryReturnType<PublicUser | null, TrpcError>
 *   const save = useTrpcMutation('account.updateSettings', { invalidates: ['auth.me'] });
 *   await save.mutateAsync({ timeZone: 'Europe/Berlin' });
 *   const invalidate = useTrpcInvalidate(); await invalidate('auth');   // a router prefix works too
 *   useTrpcSubscription('study.events', { sessionId }, { onData: ({ id, data }) => { ... } });
 *
 * Query keys are `[['auth', 'me'], { type: 'query', input? }]`, so invalidating
 * a prefix path (`'auth'`) or a path without input matches every input.
 */
import { getUntypedClient, type TRPCClientError } from '@trpc/client';
import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type UseMutationReturnType,
  type UseQueryReturnType,
} from '@tanstack/vue-query';
import {
  onScopeDispose,
  readonly,
  ref,
  shallowRef,
  toValue,
  watch,
  type DeepReadonly,
  type MaybeRefOrGetter,
  type Ref,
} from 'vue';
import { useTrpc, type TrpcClient, type TrpcError } from './trpc';

// ---------------------------------------------------------------------------
// Types derived from the typed client
// ---------------------------------------------------------------------------

type Tree = Omit<TrpcClient, symbol>;
type QueryLeaf = { query: (...args: never[]) => unknown };
type MutationLeaf = { mutate: (...args: never[]) => unknown };
type SubscriptionLeaf = { subscribe: (...args: never[]) => unknown };
type AnyLeaf = QueryLeaf | MutationLeaf | SubscriptionLeaf;

/** Dotted paths of the leaves of `T` matching `Leaf`. */
type LeafPaths<T, Leaf, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends Leaf
    ? `${Prefix}${K}`
    : T[K] extends AnyLeaf
      ? never
      : LeafPaths<T[K], Leaf, `${Prefix}${K}.`>;
}[keyof T & string];

/** Dotted paths of the routers (not procedures) in `T`. */
type RouterPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends AnyLeaf ? never : `${Prefix}${K}` | RouterPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** The node of `T` at dotted path `P`. */
type At<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? At<T[Head], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

export type QueryPath = LeafPaths<Tree, QueryLeaf>;
export type MutationPath = LeafPaths<Tree, MutationLeaf>;
export type SubscriptionPath = LeafPaths<Tree, SubscriptionLeaf>;
/** What `invalidate` accepts: a query procedure or a whole router such as `'auth'`. */
export type InvalidatePath = QueryPath | RouterPaths<Tree>;

type QueryFn<P extends QueryPath> =
  At<Tree, P> extends { query: infer F extends (...args: never[]) => unknown } ? F : never;
type MutateFn<P extends MutationPath> =
  At<Tree, P> extends { mutate: infer F extends (...args: never[]) => unknown } ? F : never;
type SubscribeFn<P extends SubscriptionPath> =
  At<Tree, P> extends { subscribe: infer F extends (...args: never[]) => unknown } ? F : never;

export type QueryInput<P extends QueryPath> = Parameters<QueryFn<P>>[0];
export type QueryOutput<P extends QueryPath> = Awaited<ReturnType<QueryFn<P>>>;
export type MutationInput<P extends MutationPath> = Parameters<MutateFn<P>>[0];
export type MutationOutput<P extends MutationPath> = Awaited<ReturnType<MutateFn<P>>>;
export type SubscriptionInput<P extends SubscriptionPath> = Parameters<SubscribeFn<P>>[0];
/** One event as `onData` receives it (the last `subscribe` overload returns an iterator of them). */
export type SubscriptionData<P extends SubscriptionPath> =
  ReturnType<SubscribeFn<P>> extends AsyncIterable<infer D> ? D : never;

// ---------------------------------------------------------------------------
// Query keys and cache helpers (usable outside components, e.g. in router guards)
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Composables
// ---------------------------------------------------------------------------

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

export type SubscriptionStatus = 'idle' | 'connecting' | 'live' | 'error';

export interface TrpcSubscriptionOptions<P extends SubscriptionPath> {
  onData: (data: SubscriptionData<P>) => void;
  onError?: (error: TrpcError) => void;
  /** Subscribe only while true (default true). */
  enabled?: MaybeRefOrGetter<boolean>;
}

export interface TrpcSubscriptionState {
  status: DeepReadonly<Ref<SubscriptionStatus>>;
  error: Readonly<Ref<TrpcError | null>>;
}

/**
 * Subscribes while the calling component (effect scope) lives and `enabled`
 * is true; resubscribes when `input` changes. Reconnects and `lastEventId`
 * resumption are handled by the wsLink.
 */
export function useTrpcSubscription<P extends SubscriptionPath>(
  path: P,
  input: MaybeRefOrGetter<SubscriptionInput<P>>,
  options: TrpcSubscriptionOptions<P>,
): TrpcSubscriptionState {
  const client = useTrpc();
  const status = ref<SubscriptionStatus>('idle');
  const error = shallowRef<TrpcError | null>(null);
  let stop: (() => void) | null = null;

  const unsubscribe = (): void => {
    stop?.();
    stop = null;
  };

  watch(
    () => [toValue(options.enabled) ?? true, JSON.stringify(toValue(input) ?? null)] as const,
    ([enabled]) => {
      unsubscribe();
      status.value = 'idle';
      if (!enabled) return;
      status.value = 'connecting';
      error.value = null;
      const subscription = getUntypedClient(client).subscription(path, toValue(input), {
        onStarted: () => {
          status.value = 'live';
        },
        onData: (data) => options.onData(data as SubscriptionData<P>),
        onError: (err: TRPCClientError<never>) => {
          status.value = 'error';
          error.value = err as TrpcError;
          options.onError?.(err as TrpcError);
        },
        onStopped: () => {
          status.value = 'idle';
        },
      });
      stop = () => subscription.unsubscribe();
    },
    { immediate: true },
  );
  onScopeDispose(unsubscribe);

  return { status: readonly(status), error };
}
