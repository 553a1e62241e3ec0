// The types of the options proxy: `trpc.<router>.<procedure>.<method>`, by navigation over `AppRouter`.
import type { DataTag } from '@tanstack/vue-query';
import type { MaybeRefOrGetter } from 'vue';
import type { TrpcClient, TrpcError } from '../trpc';

// Every query and mutation here goes through tRPC, so vue-query's errors are tRPC's.
declare module '@tanstack/vue-query' {
  interface Register {
    defaultError: TrpcError;
  }
}

type Tree = Omit<TrpcClient, symbol>;
type Fn = (...args: never[]) => unknown;

/** `[path, { type: 'query', input? }]`: a prefix path (a router) or a path alone matches every input. */
export type TrpcQueryKey = readonly [path: readonly string[], meta: { type: 'query'; input?: unknown }];
/** A key prefix for filters: a path, or a path and one input. */
export type TrpcPathKey = readonly [path: readonly string[], meta?: { input: unknown }];
export type TrpcMutationKey = readonly [path: readonly string[], meta: { type: 'mutation' }];
/** A query key that carries its data and error types, so `getQueryData`/`setQueryData` are typed. */
export type TaggedQueryKey<O> = DataTag<TrpcQueryKey, O, TrpcError>;

/** Options a query call site may add (the rest are the QueryClient's defaults). */
export interface TrpcQueryExtras {
  enabled?: MaybeRefOrGetter<boolean>;
  /** ms the data counts as fresh; default is the QueryClient's. */
  staleTime?: number;
  refetchInterval?: number | false;
  retry?: boolean | number;
}

/** What every node (router or procedure) has: its path, to invalidate or filter everything under it. */
export interface PathNode {
  pathKey(): TrpcPathKey;
  pathFilter(): { queryKey: TrpcPathKey };
}

type InputArgs<I, Rest extends unknown[] = []> = undefined extends I
  ? [input?: I, ...rest: Rest]
  : [input: I, ...rest: Rest];

export interface QueryKeys<I, O> extends PathNode {
  queryKey(...args: InputArgs<I>): TaggedQueryKey<O>;
  /** This procedure with one input (or, without input, every input). */
  queryFilter(...args: InputArgs<I>): { queryKey: TrpcPathKey };
}

export interface QueryNode<I, O> extends QueryKeys<I, O> {
  /** `{ queryKey, queryFn, ...extras }` for `useQuery`, `fetchQuery`, `ensureQueryData`. */
  queryOptions<E extends TrpcQueryExtras = object>(
    ...args: InputArgs<I, [extras?: E]>
  ): { queryKey: TaggedQueryKey<O>; queryFn: (context: { signal: AbortSignal }) => Promise<O> } & E;
}

export interface TrpcMutationExtras<I, O> {
  /** Runs before `invalidates`; may be async (the mutation stays pending until it settles). */
  onSuccess?: (data: O, input: I) => unknown;
  onError?: (error: TrpcError, input: I) => unknown;
  /** Routers or queries to invalidate after success (`[trpc.progress, trpc.auth.me]`). */
  invalidates?: readonly PathNode[];
}

export interface MutationKeys extends PathNode {
  mutationKey(): TrpcMutationKey;
}

export interface MutationNode<I, O> extends MutationKeys {
  /** `{ mutationKey, mutationFn, onSuccess, onError }` for `useMutation`. */
  mutationOptions(extras?: TrpcMutationExtras<I, O>): {
    mutationKey: TrpcMutationKey;
    mutationFn: (input: I) => Promise<O>;
    onSuccess: (data: O, input: I) => Promise<void>;
    onError: (error: TrpcError, input: I) => unknown;
  };
}

export interface TrpcSubscriptionExtras<D> {
  onData: (data: D) => void;
  onError?: (error: TrpcError) => void;
  /** Subscribe only while true (default true). */
  enabled?: MaybeRefOrGetter<boolean>;
  /** Wait before resubscribing after `attempt` failures in a row (default: backoff with jitter). */
  retryDelayMs?: (attempt: number) => number;
}

/** What `useTrpcSubscription` takes: a procedure, its (reactive) input and the handlers. */
export interface TrpcSubscriptionSpec<I, D> extends TrpcSubscriptionExtras<D> {
  path: string;
  input: MaybeRefOrGetter<I>;
}

export interface SubscriptionNode<I, D> extends PathNode {
  subscriptionOptions(input: MaybeRefOrGetter<I>, extras: TrpcSubscriptionExtras<D>): TrpcSubscriptionSpec<I, D>;
}

type In<F extends Fn> = Parameters<F>[0];
type Out<F extends Fn> = Awaited<ReturnType<F>>;
/** One event as `onData` receives it (the last `subscribe` overload returns an iterator of them). */
type Event<F extends Fn> = ReturnType<F> extends AsyncIterable<infer D> ? D : never;

type KeysOf<T> = {
  [K in keyof T]: T[K] extends { query: infer F extends Fn }
    ? QueryKeys<In<F>, Out<F>>
    : T[K] extends { mutate: Fn }
      ? MutationKeys
      : T[K] extends { subscribe: Fn }
        ? PathNode
        : KeysOf<T[K]> & PathNode;
};

type OptionsOf<T> = {
  [K in keyof T]: T[K] extends { query: infer F extends Fn }
    ? QueryNode<In<F>, Out<F>>
    : T[K] extends { mutate: infer F extends Fn }
      ? MutationNode<In<F>, Out<F>>
      : T[K] extends { subscribe: infer F extends Fn }
        ? SubscriptionNode<In<F>, Event<F>>
        : OptionsOf<T[K]> & PathNode;
};

/** Keys and filters only: usable anywhere, with no client (`trpcKeys.auth.me.queryKey()`). */
export type TrpcKeys = KeysOf<Tree>;
/** Keys, filters and options for vue-query (`trpc.study.get.queryOptions({ sessionId })`). */
export type TrpcOptions = OptionsOf<Tree>;
