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

/**
 * `reconnecting`: the stream ended or its socket dropped and it is coming back (never shown as
 * live meanwhile); `error`: ended for good (signed out, not found, bad input).
 */
export type SubscriptionStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

export interface TrpcSubscriptionOptions<P extends SubscriptionPath> {
  onData: (data: SubscriptionData<P>) => void;
  onError?: (error: TrpcError) => void;
  /** Subscribe only while true (default true). */
  enabled?: MaybeRefOrGetter<boolean>;
  /** Wait before resubscribing after `attempt` failures in a row (default: backoff with jitter). */
  retryDelayMs?: (attempt: number) => number;
}

export interface TrpcSubscriptionState {
  status: DeepReadonly<Ref<SubscriptionStatus>>;
  error: Readonly<Ref<TrpcError | null>>;
}

/** Errors that a second try cannot fix; anything else (the server ended the stream) is retried. */
const FINAL_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST', 'PRECONDITION_FAILED']);

/** Exponential backoff from 0.5 s up to 30 s, each wait drawn between half and all of it. */
export function resubscribeDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Subscribes while the calling component (effect scope) lives and `enabled`
 * is true; resubscribes when `input` changes. Whenever the stream ends for any
 * other reason (the server closed it: it fell behind, shut down, lost its
 * event bus; or the socket dropped) it comes back, with backoff and jitter and
 * with the id of the last tracked item as `lastEventId`, so the server sends
 * what was missed. Meanwhile the status says `reconnecting`, never `live`.
 */
export function useTrpcSubscription<P extends SubscriptionPath>(
  path: P,
  input: MaybeRefOrGetter<SubscriptionInput<P>>,
  options: TrpcSubscriptionOptions<P>,
): TrpcSubscriptionState {
  const client = useTrpc();
  const status = ref<SubscriptionStatus>('idle');
  const error = shallowRef<TrpcError | null>(null);
  const delayOf = options.retryDelayMs ?? resubscribeDelayMs;
  let stop: (() => void) | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const unsubscribe = (): void => {
    clearTimeout(retryTimer);
    stop?.();
    stop = null;
  };

  watch(
    () => [toValue(options.enabled) ?? true, JSON.stringify(toValue(input) ?? null)] as const,
    ([enabled]) => {
      unsubscribe();
      status.value = 'idle';
      if (!enabled) return;
      error.value = null;
      let lastEventId: string | null = null;
      let attempt = 0;

      const start = (): void => {
        status.value = attempt === 0 ? 'connecting' : 'reconnecting';
        let ended = false;
        // Each run ends once (an error also completes the observable); then it comes back.
        const end = (err: TrpcError | null): void => {
          if (ended) return;
          ended = true;
          stop = null;
          const code = err?.data?.code;
          if (err && code && FINAL_CODES.has(code)) {
            status.value = 'error';
            error.value = err;
            options.onError?.(err);
            return;
          }
          status.value = 'reconnecting';
          retryTimer = setTimeout(start, delayOf(attempt));
          attempt += 1;
        };
        const base: unknown = toValue(input);
        const resumed = lastEventId === null ? base : { ...(typeof base === 'object' ? base : {}), lastEventId };
        const subscription = getUntypedClient(client).subscription(path, resumed, {
          onStarted: () => {
            status.value = 'live';
          },
          onData: (data) => {
            attempt = 0;
            const id = (data as { id?: unknown }).id;
            if (typeof id === 'string') lastEventId = id;
            options.onData(data as SubscriptionData<P>);
          },
          onConnectionStateChange: (state: { state: string }) => {
            // The socket dropped: the wsLink reconnects and resends; until then we are not live.
            if (state.state === 'connecting' && status.value === 'live') status.value = 'reconnecting';
          },
          onError: (err: TRPCClientError<never>) => end(err as TrpcError),
          onComplete: () => end(null),
        });
        stop = () => {
          ended = true;
          subscription.unsubscribe();
        };
      };
      start();
    },
    { immediate: true },
  );
  onScopeDispose(unsubscribe);

  return { status: readonly(status), error };
}
