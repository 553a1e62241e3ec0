import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '@studysync/api';
import { errorOf, signedUpStudent, studentClient } from './support/client';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Every call over one WebSocket, opened with `cookie`, as a browser tab keeps it open. */
function socketClient(cookie: string) {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const ws = createWSClient({
    url: `${server.url.replace(/^http/, 'ws')}/trpc`,
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
  });
  return { api: createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }), close: () => ws.close() };
}

const firstEvent = (client: ReturnType<typeof socketClient>) =>
  new Promise<unknown>((resolve, reject) => {
    const subscription = client.api.account.events.subscribe(undefined, {
      onData: (item) => {
        subscription.unsubscribe();
        resolve(item.data);
      },
      onError: (error) => {
        subscription.unsubscribe();
        reject(error);
      },
    });
  });

it('checks the sign-in on every call of a socket opened before sign-out: queries, mutations and new subscriptions fail', async () => {
  const student = await signedUpStudent(server.url);
  const socket = socketClient(student.cookie() ?? '');
  // Signed in on the socket: all three kinds of call work.
  expect(await socket.api.study.current.query()).toBeNull();
  await expect(socket.api.account.updateSettings.mutate({ timeZone: 'Europe/Paris' })).resolves.toMatchObject({
    timeZone: 'Europe/Paris',
  });
  await expect(firstEvent(socket)).resolves.toMatchObject({ type: 'hello' });

  // Sign out over HTTP, as another tab would; the socket stays open.
  await student.api.auth.logout.mutate();

  expect((await errorOf(socket.api.study.current.query())).data?.code).toBe('UNAUTHORIZED');
  expect((await errorOf(socket.api.account.updateSettings.mutate({ timeZone: 'UTC' }))).data?.code).toBe(
    'UNAUTHORIZED',
  );
  await expect(firstEvent(socket)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  expect(await socket.api.auth.me.query()).toBeNull();
  await socket.close();
});

it('leaves other sign-ins of the same student working on their sockets', async () => {
  const student = await signedUpStudent(server.url);
  const other = studentClient(server.url);
  await other.api.auth.login.mutate({ identifier: student.details.username, password: student.details.password });
  const socket = socketClient(other.cookie() ?? '');
  await student.api.auth.logout.mutate();
  await expect(socket.api.auth.me.query()).resolves.toMatchObject({ username: student.details.username });
  await socket.close();
});
