import { describe, expect, it, vi } from 'vitest';
import { createBrowserApi, trpcWebSocketUrl } from './trpc';
import { testUser } from '../test/fakeApi';

describe('trpcWebSocketUrl', () => {
  it('uses the page origin, secure when the page is', () => {
    expect(trpcWebSocketUrl({ protocol: 'https:', host: 'studysync.app' })).toBe('wss://studysync.app/trpc');
    expect(trpcWebSocketUrl({ protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173/trpc');
  });
});

describe('createBrowserApi', () => {
  it('batches queries and mutations over same-origin HTTP at /trpc, as plain JSON', async () => {
    const fetch = vi.fn(
      async (_url: string | URL | Request, _init?: RequestInit) =>
        new Response(JSON.stringify([{ result: { data: testUser } }, { result: { data: null } }]), { status: 200 }),
    );
    const { client } = createBrowserApi({ location: { protocol: 'http:', host: 'localhost' }, fetch });
    const [a, b] = await Promise.all([client.auth.me.query(), client.auth.me.query()]);
    expect(a).toEqual(testUser);
    expect(b).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(fetch.mock.calls[0]?.[0])).toBe('/trpc/auth.me,auth.me?batch=1&input=%7B%7D');

    fetch.mockResolvedValueOnce(new Response(JSON.stringify([{ result: { data: testUser } }]), { status: 200 }));
    await client.auth.login.mutate({ identifier: 'ada_l', password: 'correct horse' });
    const [url, init] = fetch.mock.calls[1] ?? [];
    expect(String(url)).toBe('/trpc/auth.login?batch=1');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ 0: { identifier: 'ada_l', password: 'correct horse' } });
  });
});
