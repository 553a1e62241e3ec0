import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { UserEvent } from '@studysync/api';
import { signedUpStudent, studentClient } from './support/client';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Subscribes and resolves with the first event, or rejects with the subscription's error. */
function firstEvent(client: ReturnType<typeof studentClient>): Promise<UserEvent> {
  return new Promise((resolve, reject) => {
    const subscription = client.api.account.events.subscribe(undefined, {
      onData(item) {
        subscription.unsubscribe();
        resolve(item.data);
      },
      onError(error) {
        subscription.unsubscribe();
        reject(error);
      },
    });
  });
}

it('refuses a subscription from a signed-out client', async () => {
  const client = studentClient(server.url);
  await expect(firstEvent(client)).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  await client.close();
});

it('streams to a client signed in by cookie on the upgrade', async () => {
  const client = await signedUpStudent(server.url);
  const event = await firstEvent(client);
  expect(event).toEqual({ type: 'hello', serverTime: expect.any(String) });
  expect(Math.abs(Date.parse(event.type === 'hello' ? event.serverTime : '') - Date.now())).toBeLessThan(5_000);
  await client.close();
});

it('streams to a non-browser client that sends its token in connectionParams', async () => {
  const owner = await signedUpStudent(server.url);
  const token = owner.token() ?? '';
  const native = studentClient(server.url, { wsConnectionParams: () => ({ token }) });
  await expect(firstEvent(native)).resolves.toMatchObject({ type: 'hello' });
  await native.close();
  await owner.close();
});

it('refuses a WebSocket upgrade from a foreign page', async () => {
  const status = await new Promise<number | undefined>((resolve) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/trpc`, {
      headers: { origin: 'https://evil.example' },
    });
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode));
    socket.on('open', () => resolve(101));
    socket.on('error', () => resolve(undefined));
  });
  expect(status).toBe(403);
});
