// Procedure paths and their inputs/outputs, inferred from `AppRouter` through the typed client: names
// for types (`QueryOutput<'auth.me'>`) and the test fakes' handler maps; calls go through the proxy.
import type { TrpcClient } from '../trpc';

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
