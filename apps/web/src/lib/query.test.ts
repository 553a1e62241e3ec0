import type { UserEvent } from '@studysync/api';
import { useMutation, useQuery, useQueryClient, VueQueryPlugin, type QueryClient } from '@tanstack/vue-query';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { defineComponent, ref, watch } from 'vue';
import { createAppQueryClient } from './queryClient';
import {
  trpcKeys,
  useTrpcOptions,
  useTrpcSubscription,
  resubscribeDelayMs,
  type MutationInput,
  type MutationOutput,
  type QueryOutput,
  type SubscriptionData,
  type SubscriptionStatus,
  type TrpcSubscriptionState,
} from './query';
import type { PublicUser } from './session';
import { provideApi, type TrpcError } from './trpc';
import { createFakeApi, FakeServerError, testUser, type FakeHandlers } from '../test/fakeApi';
import { settle } from '../test/renderApp';

const unmounts: Array<() => void> = [];
afterEach(() => {
  for (const unmount of unmounts.splice(0)) unmount();
});

/** Runs `setup` inside a mounted component with the API and vue-query installed. */
function withSetup<T>(handlers: FakeHandlers, setup: () => T) {
  const fake = createFakeApi(handlers);
  const queryClient: QueryClient = createAppQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false } });
  let result: T | undefined;
  const wrapper = mount(
    defineComponent({
      setup() {
        result = setup();
        return () => null;
      },
    }),
    { global: { plugins: [{ install: (app) => provideApi(app, fake.api) }, [VueQueryPlugin, { queryClient }]] } },
  );
  unmounts.push(() => wrapper.unmount());
  if (result === undefined) throw new Error('setup did not run');
  return { ...fake, queryClient, result, unmount: () => wrapper.unmount() };
}

describe('types inferred from AppRouter', () => {
  it('match the API contract', () => {
    expectTypeOf<QueryOutput<'auth.me'>>().toEqualTypeOf<PublicUser | null>();
    expectTypeOf<MutationInput<'auth.login'>>().toEqualTypeOf<{ identifier: string; password: string }>();
    expectTypeOf<MutationOutput<'auth.logout'>>().toEqualTypeOf<{ ok: true }>();
    // Tracked: every item carries its resume id next to the event.
    expectTypeOf<SubscriptionData<'account.events'>>().toEqualTypeOf<{ id: string; data: UserEvent }>();
    expectTypeOf<
      Extract<SubscriptionData<'account.events'>['data'], { type: 'hello' }>['serverTime']
    >().toEqualTypeOf<string>();
    // @ts-expect-error: not a query
    trpcKeys.auth.login.queryKey();
    const queryClient = createAppQueryClient();
    expectTypeOf(queryClient.getQueryData(trpcKeys.auth.me.queryKey())).toEqualTypeOf<PublicUser | null | undefined>();
  });
});

describe('trpcKeys', () => {
  it('is the path segments plus the input', () => {
    expect(trpcKeys.auth.me.queryKey()).toEqual([['auth', 'me'], { type: 'query' }]);
  });
});

describe('queryOptions', () => {
  it('fetches through the client and caches under the procedure key', async () => {
    const { result, queryClient, callsTo } = withSetup({ 'auth.me': () => testUser }, () =>
      useQuery(useTrpcOptions().auth.me.queryOptions()),
    );
    await settle();
    expect(result.data.value).toEqual(testUser);
    expect(queryClient.getQueryData(trpcKeys.auth.me.queryKey())).toEqual(testUser);
    expect(callsTo('auth.me')).toHaveLength(1);
  });

  it('waits while disabled', async () => {
    const enabled = ref(false);
    const { result, callsTo } = withSetup({ 'auth.me': () => testUser }, () =>
      useQuery(useTrpcOptions().auth.me.queryOptions(undefined, { enabled })),
    );
    await settle();
    expect(callsTo('auth.me')).toHaveLength(0);
    enabled.value = true;
    await settle();
    expect(result.data.value?.username).toBe('ada_l');
  });

  it('exposes server errors as typed TRPCClientErrors', async () => {
    const { result } = withSetup(
      {
        'auth.me': () => {
          throw new FakeServerError('TOO_MANY_REQUESTS', 'Slow down');
        },
      },
      () => useQuery(useTrpcOptions().auth.me.queryOptions()),
    );
    await settle();
    expectTypeOf(result.error.value).toEqualTypeOf<TrpcError | null>();
    expect(result.error.value?.message).toBe('Slow down');
    expect(result.error.value?.data?.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('invalidation', () => {
  it('refetches by procedure or by router prefix, and only those', async () => {
    const { result, callsTo } = withSetup({ 'auth.me': () => testUser }, () => ({
      me: useQuery(useTrpcOptions().auth.me.queryOptions()),
      queryClient: useQueryClient(),
    }));
    await settle();
    expect(callsTo('auth.me')).toHaveLength(1);

    await result.queryClient.invalidateQueries(trpcKeys.auth.me.pathFilter());
    expect(callsTo('auth.me')).toHaveLength(2);
    await result.queryClient.invalidateQueries(trpcKeys.auth.pathFilter());
    expect(callsTo('auth.me')).toHaveLength(3);
    await result.queryClient.invalidateQueries(trpcKeys.account.pathFilter());
    expect(callsTo('auth.me')).toHaveLength(3);
  });

  it('happens after a mutation that lists it', async () => {
    let zone = 'Europe/London';
    const { result, callsTo } = withSetup(
      {
        'auth.me': () => ({ ...testUser, timeZone: zone }),
        'account.updateSettings': (input) => {
          zone = input.timeZone ?? zone;
          return { ...testUser, timeZone: zone };
        },
      },
      () => ({
        me: useQuery(useTrpcOptions().auth.me.queryOptions()),
        save: useMutation(useTrpcOptions().account.updateSettings.mutationOptions({ invalidates: [trpcKeys.auth.me] })),
      }),
    );
    await settle();
    const saved = await result.save.mutateAsync({ timeZone: 'Asia/Tokyo' });
    expect(saved.timeZone).toBe('Asia/Tokyo');
    expect(callsTo('account.updateSettings').map((c) => c.input)).toEqual([{ timeZone: 'Asia/Tokyo' }]);
    await settle();
    expect(callsTo('auth.me')).toHaveLength(2);
    expect(result.me.data.value?.timeZone).toBe('Asia/Tokyo');
  });
});

describe('mutationOptions', () => {
  it('rejects with the server error and exposes it', async () => {
    const { result } = withSetup(
      {
        'auth.signup': () => {
          throw new FakeServerError('CONFLICT', 'That email is already registered', {
            email: ['That email is already registered'],
          });
        },
      },
      () => useMutation(useTrpcOptions().auth.signup.mutationOptions()),
    );
    await expect(
      result.mutateAsync({ email: 'ada@example.com', username: 'ada_l', password: 'correct horse' }),
    ).rejects.toMatchObject({
      data: { code: 'CONFLICT', fieldErrors: { email: ['That email is already registered'] } },
    });
    await flushPromises();
    expect(result.error.value?.data?.code).toBe('CONFLICT');
  });
});

describe('useTrpcSubscription', () => {
  it('subscribes over the WebSocket, delivers typed events and stops with the component', async () => {
    const events: Array<SubscriptionData<'account.events'>> = [];
    const { result, sockets, unmount } = withSetup({}, (): TrpcSubscriptionState =>
      useTrpcSubscription(
        useTrpcOptions().account.events.subscriptionOptions(undefined, { onData: (event) => events.push(event) }),
      ),
    );
    expectTypeOf(result.status.value).toEqualTypeOf<SubscriptionStatus>();
    expect(result.status.value).toBe('connecting');
    await settle();
    expect(sockets.connections()).toEqual(['ws://studysync.test/trpc']);
    expect(sockets.subscriptions('account.events')).toHaveLength(1);
    expect(result.status.value).toBe('live');

    const hello = { id: 'n1', data: { type: 'hello', serverTime: '2025-01-01T12:00:00.000Z' } } as const;
    sockets.emit('account.events', hello);
    await settle();
    expect(events).toEqual([hello]);

    unmount();
    await settle();
    expect(sockets.subscriptions('account.events')).toHaveLength(0);
  });

  it('waits until enabled', async () => {
    const enabled = ref(false);
    const { sockets } = withSetup({}, () =>
      useTrpcSubscription(
        useTrpcOptions().account.events.subscriptionOptions(undefined, { enabled, onData: () => {} }),
      ),
    );
    await settle();
    expect(sockets.subscriptions()).toHaveLength(0);
    enabled.value = true;
    await settle();
    expect(sockets.subscriptions('account.events')).toHaveLength(1);
    enabled.value = false;
    await settle();
    expect(sockets.subscriptions()).toHaveLength(0);
  });

  const hello = (id: string) => ({ id, data: { type: 'hello', serverTime: '2025-01-01T12:00:00.000Z' } }) as const;

  it('comes back with the last event id whenever the server ends the stream, reconnecting meanwhile', async () => {
    const delays: number[] = [];
    const events: string[] = [];
    const { result, sockets } = withSetup({}, () =>
      useTrpcSubscription(
        useTrpcOptions().account.events.subscriptionOptions(undefined, {
          onData: (event) => events.push(event.id),
          retryDelayMs: (attempt) => {
            delays.push(attempt);
            return 5;
          },
        }),
      ),
    );
    const statuses: string[] = [];
    watch(result.status, (status) => void statuses.push(status), { flush: 'sync' });
    await settle();
    sockets.emit('account.events', hello('n1'));
    await settle();

    // It fell behind, or the server is shutting down: a plain stop.
    sockets.end('account.events');
    await expect.poll(() => sockets.subscriptions('account.events')).toHaveLength(1);
    expect(sockets.subscriptions('account.events')[0]?.input).toEqual({ lastEventId: 'n1' });
    await expect.poll(() => result.status.value).toBe('live');
    sockets.emit('account.events', hello('n2'));
    await settle();

    // The server lost its event bus: an error with a reason is retried too, from the newest id.
    sockets.end('account.events', { code: 'SERVICE_UNAVAILABLE', message: 'Realtime connection lost' });
    await expect.poll(() => sockets.subscriptions('account.events')).toHaveLength(1);
    expect(sockets.subscriptions('account.events')[0]?.input).toEqual({ lastEventId: 'n2' });
    expect(events).toEqual(['n1', 'n2']);
    // Each run delivered something, so the backoff started over each time.
    expect(delays).toEqual([0, 0]);
    expect(result.error.value).toBeNull();
    await expect.poll(() => result.status.value).toBe('live');
    expect(statuses).toEqual(['live', 'reconnecting', 'live', 'reconnecting', 'live']);
  });

  it('backs off while the server keeps refusing, and stops for good on a final answer', async () => {
    const delays: number[] = [];
    const { result, sockets } = withSetup({}, () =>
      useTrpcSubscription(
        useTrpcOptions().account.events.subscriptionOptions(undefined, {
          onData: () => {},
          retryDelayMs: (attempt) => {
            delays.push(attempt);
            return 5;
          },
        }),
      ),
    );
    await settle();
    for (let i = 0; i < 3; i++) {
      sockets.end('account.events', { code: 'SERVICE_UNAVAILABLE', message: 'Realtime events are unavailable' });
      await expect.poll(() => delays.length).toBe(i + 1);
      await expect.poll(() => sockets.subscriptions('account.events')).toHaveLength(1);
    }
    expect(delays).toEqual([0, 1, 2]);

    sockets.end('account.events', { code: 'UNAUTHORIZED', message: 'Signed out' });
    await expect.poll(() => result.status.value).toBe('error');
    await settle();
    expect(sockets.subscriptions()).toHaveLength(0);
    expect(delays).toHaveLength(3);
    expect(result.error.value?.data?.code).toBe('UNAUTHORIZED');
  });

  it('is not live while its socket is down, and is again once the socket is back', async () => {
    const { result, sockets } = withSetup({}, () =>
      useTrpcSubscription(
        useTrpcOptions().account.events.subscriptionOptions(undefined, { onData: () => {}, retryDelayMs: () => 5 }),
      ),
    );
    await settle();
    sockets.emit('account.events', hello('n7'));
    await expect.poll(() => result.status.value).toBe('live');
    sockets.dropAll();
    await expect.poll(() => result.status.value).toBe('reconnecting');
    await expect.poll(() => sockets.subscriptions('account.events'), { timeout: 5_000 }).toHaveLength(1);
    await expect.poll(() => result.status.value).toBe('live');
  });

  it('draws each wait between half and all of a ceiling that doubles up to 30 s', () => {
    expect([0, 1, 2, 10].map((attempt) => resubscribeDelayMs(attempt, () => 0))).toEqual([250, 500, 1000, 15_000]);
    expect([0, 1, 2, 10].map((attempt) => resubscribeDelayMs(attempt, () => 1))).toEqual([500, 1000, 2000, 30_000]);
  });
});
