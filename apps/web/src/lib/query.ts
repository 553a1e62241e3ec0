/**
 * tRPC for vue-query, in the shape of tRPC's own options proxy: call sites navigate `AppRouter`.
 *
 *   const trpc = useTrpcOptions();
 *   const me = useQuery(trpc.auth.me.queryOptions());                  // UseQueryReturnType<PublicUser | null, TrpcError>
 *   const board = useQuery(() => trpc.leaderboard.get.queryOptions({ board: kind.value }));   // reactive input
 *   const save = useMutation(trpc.account.updateSettings.mutationOptions({ invalidates: [trpc.auth.me] }));
 *   await queryClient.invalidateQueries(trpcKeys.auth.pathFilter());   // a router prefix works too
 *   useTrpcSubscription(trpc.study.events.subscriptionOptions({ sessionId }, { onData: ({ id, data }) => { ... } }));
 *
 * Query keys are `[['auth', 'me'], { type: 'query', input? }]`, so filtering by a prefix path
 * (`trpcKeys.auth`) or a procedure without input matches every input.
 */
// The implementation lives in ./trpcQuery by concern; this module stays the one import path for callers.
export type {
  MutationInput,
  MutationOutput,
  MutationPath,
  QueryInput,
  QueryOutput,
  QueryPath,
  SubscriptionData,
  SubscriptionInput,
  SubscriptionPath,
} from './trpcQuery/types';
export type {
  PathNode,
  TaggedQueryKey,
  TrpcKeys,
  TrpcMutationExtras,
  TrpcOptions,
  TrpcQueryExtras,
  TrpcQueryKey,
  TrpcSubscriptionExtras,
  TrpcSubscriptionSpec,
} from './trpcQuery/proxyTypes';
export { createTrpcOptionsProxy, trpcKeys, useTrpcOptions } from './trpcQuery/proxy';
export {
  resubscribeDelayMs,
  useTrpcSubscription,
  type SubscriptionStatus,
  type TrpcSubscriptionState,
} from './trpcQuery/subscription';
