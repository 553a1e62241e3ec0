// tRPC subscriptions kept alive across stream ends and socket drops (resubscribe with backoff).
import { getUntypedClient, type TRPCClientError } from '@trpc/client';
import { onScopeDispose, readonly, ref, shallowRef, toValue, watch, type DeepReadonly, type Ref } from 'vue';
import { useTrpc, type TrpcError } from '../trpc';
import type { TrpcSubscriptionSpec } from './proxyTypes';

/**
 * `reconnecting`: the stream ended or its socket dropped and it is coming back (never shown as
 * live meanwhile); `error`: ended for good (signed out, not found, bad input).
 */
export type SubscriptionStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'error';

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
export function useTrpcSubscription<I, D>(options: TrpcSubscriptionSpec<I, D>): TrpcSubscriptionState {
  const { path, input } = options;
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
            options.onData(data as D);
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
