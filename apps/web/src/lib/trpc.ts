import type { AppRouter } from '@studysync/api';
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  wsLink,
  type TRPCClient,
  type TRPCClientError,
} from '@trpc/client';
import { inject, type App, type InjectionKey } from 'vue';

/** The typed tRPC client for the StudySync API. */
export type TrpcClient = TRPCClient<AppRouter>;

/** The error every tRPC call rejects with (server errors and network failures alike). */
export type TrpcError = TRPCClientError<AppRouter>;

/**
 * What the app needs from the API layer. Tests provide their own (see
 * `src/test/fakeApi.ts`); the browser uses {@link createBrowserApi}.
 */
export interface ApiContext {
  client: TrpcClient;
  /**
   * Called after the session cookie changed (sign in, sign up, sign out), so
   * long-lived connections such as the WebSocket re-authenticate. Awaited
   * before the app moves on, so no subscription starts on the old connection.
   */
  onSessionChange?: () => Promise<void> | void;
}

const apiKey: InjectionKey<ApiContext> = Symbol('studysync-api');

/** `ws(s)://<host>/trpc` for the page's own origin (the session cookie rides along). */
export function trpcWebSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/trpc`;
}

export interface BrowserApiOptions {
  /** Where the page is served from; the WebSocket URL derives from it. */
  location?: Pick<Location, 'protocol' | 'host'>;
  /** Transport overrides, for tests. Production uses the browser's own. */
  fetch?: typeof globalThis.fetch;
  WebSocket?: typeof globalThis.WebSocket;
}

/**
 * The one real client: subscriptions over a lazily opened WebSocket,
 * everything else batched over HTTP at `/trpc` (same origin, so the HttpOnly
 * session cookie is sent without extra headers).
 */
export function createBrowserApi(options: BrowserApiOptions = {}): ApiContext {
  const wsClient = createWSClient({
    url: trpcWebSocketUrl(options.location ?? window.location),
    lazy: { enabled: true, closeMs: 10_000 },
    ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({
          url: '/trpc',
          // Keep batched GETs under common URL limits; longer batches are split.
          maxURLLength: 2_000,
          // The server refuses batches of more than MAX_BATCH_CALLS (50 by default).
          maxItems: 50,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        }),
      }),
    ],
  });
  return {
    client,
    // The socket was authenticated with the old cookie: drop it; the lazy
    // client reconnects on the next subscription.
    onSessionChange: () => wsClient.close(),
  };
}

export function provideApi(app: App, api: ApiContext): void {
  app.provide(apiKey, api);
}

export function useApi(): ApiContext {
  const api = inject(apiKey, null);
  if (!api) throw new Error('No API provided: call provideApi(app, api) when creating the app.');
  return api;
}

/** The typed tRPC client, for calls outside vue-query (prefer `useTrpcOptions()` with `useQuery`/`useMutation`). */
export function useTrpc(): TrpcClient {
  return useApi().client;
}
