import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Database } from '@studysync/db';
import { errorOf, newStudent, signedUpStudent, studentClient } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';

let server: TestServer;
let database: Database;
beforeAll(async () => {
  server = await startTestServer({
    env: {
      TRUST_PROXY: '1',
      SIGNUPS_PER_ADDRESS_PER_HOUR: '3',
      WS_MAX_PER_ADDRESS: '3',
      WS_MAX_CONNECTIONS: '8',
      WS_MAX_SUBSCRIPTIONS: '2',
      WS_MAX_BUFFERED_BYTES: String(256 * 1024),
      CHAT_MESSAGES_PER_10S: '1000',
      // Pairs here never open their room: keep the ghost-partner rule from calling them off.
      STUDY_WAITING_GRACE_MS: '600000',
    },
  });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

const userCount = () => database.db.collection('users').countDocuments();
let nextAddress = 0;
const freshAddress = () => `203.0.113.${(nextAddress += 1)}`;
const wsUrl = () => `${server.url.replace('http', 'ws')}/trpc`;

/** Opens a raw WebSocket from `address`: 101 when it opens, else the refusal's status. */
function openSocket(address: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(wsUrl(), { headers: { 'x-forwarded-for': address, ...headers } });
  const status = new Promise<number>((resolve, reject) => {
    socket.on('open', () => resolve(101));
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', reject);
  });
  return { socket, status };
}

describe('HTTP', () => {
  it('refuses a body over 1 MB with 413 and writes nothing', async () => {
    const before = await userCount();
    const response = await fetch(`${server.url}/trpc/auth.signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() },
      body: JSON.stringify({ ...newStudent(), padding: 'x'.repeat(1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await userCount()).toBe(before);
  });

  it('refuses a batch of more calls than MAX_BATCH_CALLS with a clear error', async () => {
    const paths = Array.from({ length: 51 }, () => 'auth.me').join(',');
    const response = await fetch(`${server.url}/trpc/${paths}?batch=1`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('Batch call exceeds maximum size');
  });

  it('limits sign-ups per address, writing nothing for the refused one', async () => {
    const headers = { 'x-forwarded-for': freshAddress() };
    for (let index = 0; index < 3; index += 1) {
      await studentClient(server.url, { headers }).api.auth.signup.mutate(newStudent());
    }
    const before = await userCount();
    const refused = await errorOf(studentClient(server.url, { headers }).api.auth.signup.mutate(newStudent()));
    expect(refused.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(/Too many new accounts from your network/);
    expect(await userCount()).toBe(before);
    // Another address is not affected.
    const elsewhere = studentClient(server.url, { headers: { 'x-forwarded-for': freshAddress() } });
    await expect(elsewhere.api.auth.signup.mutate(newStudent())).resolves.toMatchObject({ timeZone: 'UTC' });
  });
});

describe('WebSocket', () => {
  it('caps sockets per address (429) and per process (503), and frees a place when one closes', async () => {
    const address = freshAddress();
    const mine = [openSocket(address), openSocket(address), openSocket(address)];
    expect(await Promise.all(mine.map((one) => one.status))).toEqual([101, 101, 101]);
    expect(await openSocket(address).status).toBe(429);

    const others = Array.from({ length: 5 }, () => openSocket(freshAddress()));
    expect(await Promise.all(others.map((one) => one.status))).toEqual([101, 101, 101, 101, 101]);
    expect(await openSocket(freshAddress()).status).toBe(503);

    const first = mine[0]?.socket;
    await new Promise((resolve) => {
      first?.once('close', resolve);
      first?.close();
    });
    await expect.poll(() => openSocket(address).status.then((status) => status)).toBe(101);
    for (const { socket } of [...mine, ...others]) socket.terminate();
  });

  it('caps subscriptions per socket, and a stopped one frees its place', async () => {
    const student = await signedUpStudent(server.url, 's', { headers: { 'x-forwarded-for': freshAddress() } });
    const errors: unknown[] = [];
    const hellos: number[] = [];
    const open = (index: number) =>
      student.api.account.events.subscribe(undefined, {
        onData: () => hellos.push(index),
        onError: (error) => errors.push(error),
      });
    const one = open(1);
    open(2);
    await expect.poll(() => hellos.length).toBe(2);
    open(3);
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatchObject({ data: { code: 'TOO_MANY_REQUESTS' } });
    one.unsubscribe();
    // The server frees the place once it has the stop: a new one is admitted then.
    const admitted = () =>
      new Promise<boolean>((resolve) => {
        const next = student.api.account.events.subscribe(undefined, {
          onData: () => {
            next.unsubscribe();
            resolve(true);
          },
          onError: () => resolve(false),
        });
      });
    await expect.poll(admitted).toBe(true);
    await student.close();
  });

  const slowReadersClosed = async () => {
    const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
    return Number(/^studysync_websocket_limited_total\{reason="slow-reader"\} (\d+)/m.exec(metrics)?.[1] ?? 0);
  };

  it('closes the socket of a reader that stopped reading, once its unsent data passes the bound', async () => {
    const address = freshAddress();
    const ada = await signedUpStudent(server.url, 'ada', { headers: { 'x-forwarded-for': address } });
    const ben = await signedUpStudent(server.url, 'ben', { headers: { 'x-forwarded-for': freshAddress() } });
    await ada.api.study.findPartner.mutate({ minutes: 90 });
    const { id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 90 });
    // 30 messages of 2 000 characters: each page of history is some 60 KB.
    for (let index = 0; index < 30; index += 1) {
      await ada.api.study.sendMessage.mutate({ sessionId, text: `${index} ${'x'.repeat(1990)}` });
    }
    const { socket, status } = openSocket(address, { cookie: ada.cookie() ?? '' });
    expect(await status).toBe(101);
    // Stop reading, then ask for far more than the kernel's buffers hold.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let batch = 0; batch < 8; batch += 1) {
      const calls = Array.from({ length: 50 }, (_, index) => ({
        id: batch * 50 + index,
        method: 'query',
        params: { path: 'study.history', input: { sessionId, limit: 100 } },
      }));
      socket.send(JSON.stringify(calls));
    }
    // The server closes it (a paused reader cannot see that, so ask the server).
    await expect.poll(slowReadersClosed, { timeout: 40_000, interval: 200 }).toBe(1);
    socket.terminate();
    await ada.api.study.endEarly.mutate({ sessionId });
  }, 90_000);
});
