import { isTRPCClientError } from '@trpc/client';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/vue-query';
import { computed, onScopeDispose, type ComputedRef, type Ref } from 'vue';
import { useRouter } from 'vue-router';
import { createTrpcOptionsProxy, trpcKeys, useTrpcOptions, type QueryOutput } from './query';
import { onTabSignal, tellOtherTabs } from './tabSignals';
import { useApi, type TrpcClient } from './trpc';
import type { UserEvents } from './userEvents';

/** The signed-in user as the API returns it (timestamps are ISO strings). */
export type PublicUser = NonNullable<QueryOutput<'auth.me'>>;

/** How long a fetched `auth.me` is trusted before route guards ask again. */
export const SESSION_STALE_MS = 60_000;

/**
 * The current user, from cache when fresh, else from `auth.me`. For code that
 * runs outside components (route guards). Network failures reject.
 */
export function fetchCurrentUser(queryClient: QueryClient, client: TrpcClient): Promise<PublicUser | null> {
  // No retries: navigation waits on this, and a failure is handled by the caller.
  const trpc = createTrpcOptionsProxy({ client, queryClient });
  return queryClient.fetchQuery(trpc.auth.me.queryOptions(undefined, { staleTime: SESSION_STALE_MS, retry: false }));
}

/** Records who is signed in (after sign in/up, or null after sign out / expiry). */
export function setCurrentUser(queryClient: QueryClient, user: PublicUser | null): void {
  queryClient.setQueryData(trpcKeys.auth.me.queryKey(), user);
}

/** Forgets everything user-specific except the (now null) current user. */
export function clearUserData(queryClient: QueryClient): void {
  const meKey = JSON.stringify(trpcKeys.auth.me.queryKey());
  queryClient.removeQueries({ predicate: (query) => JSON.stringify(query.queryKey) !== meKey });
  setCurrentUser(queryClient, null);
}

export interface Session {
  /** `undefined` while the first `auth.me` is loading, `null` when signed out. */
  user: ComputedRef<PublicUser | null | undefined>;
  isSignedIn: ComputedRef<boolean>;
  signingOut: Readonly<Ref<boolean>>;
  /** Ends the session on the server, forgets cached user data and goes to `/`. */
  signOut: () => Promise<void>;
}

export function useSession(): Session {
  const api = useApi();
  const queryClient = useQueryClient();
  const router = useRouter();
  const trpc = useTrpcOptions();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: SESSION_STALE_MS }));
  const logout = useMutation(trpc.auth.logout.mutationOptions());

  const user = computed(() => me.data.value);

  async function signOut(): Promise<void> {
    try {
      await logout.mutateAsync(undefined);
    } catch (error) {
      // Already signed out on the server: that's the outcome we wanted.
      if (!(isTRPCClientError(error) && error.data?.code === 'UNAUTHORIZED')) throw error;
    }
    tellOtherTabs({ type: 'signedOut' });
    // Leave the signed-in pages first so nothing renders (or redirects) with the user gone.
    await router.push('/');
    clearUserData(queryClient);
    await api.onSessionChange?.();
  }

  return {
    user,
    isSignedIn: computed(() => Boolean(me.data.value)),
    signingOut: logout.isPending,
    signOut,
  };
}

/** After `auth.login`/`auth.signup` succeeded: cache the user and re-authenticate live connections. */
export function useSignedIn(): (user: PublicUser) => Promise<void> {
  const api = useApi();
  const queryClient = useQueryClient();
  return async (user) => {
    clearUserData(queryClient);
    setCurrentUser(queryClient, user);
    await api.onSessionChange?.();
  };
}

/**
 * Listens for the server ending this session (signed out in another tab or device), on the
 * personal event stream and from the other tabs of this browser, and forgets the user locally;
 * the shell then sends the visitor to sign in. `isLeaving` is true while this tab signs out
 * itself, whose own `signedOut` echo must not redirect.
 */
export function useSessionEndedEvents(events: UserEvents, isLeaving: () => boolean): void {
  const api = useApi();
  const queryClient = useQueryClient();
  const forget = (): void => {
    if (isLeaving()) return;
    clearUserData(queryClient);
    void api.onSessionChange?.();
  };
  onScopeDispose(events.on('signedOut', forget));
  onTabSignal(forget);
}
