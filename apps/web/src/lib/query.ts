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
// The implementation lives in ./trpcQuery by concern; this module stays the one import path for callers.
export type {
  InvalidatePath,
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
export {
  callMutation,
  callQuery,
  getTrpcQueryData,
  invalidateTrpc,
  setTrpcQueryData,
  trpcQueryKey,
  trpcQueryOptions,
  type TrpcQueryKey,
} from './trpcQuery/keys';
export {
  useTrpcInvalidate,
  useTrpcMutation,
  useTrpcQuery,
  type TrpcMutationOptions,
  type TrpcQueryOptions,
} from './trpcQuery/composables';
export {
  resubscribeDelayMs,
  useTrpcSubscription,
  type SubscriptionStatus,
  type TrpcSubscriptionOptions,
  type TrpcSubscriptionState,
} from './trpcQuery/subscription';
