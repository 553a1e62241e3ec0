import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpStudent, studentClient } from './support/client';
import { openBoardStream } from './support/progress';
import { startServerProcess, type ServerProcess } from './support/process';
import { startTestRedis, type TestRedis } from './support/redis';
import { openRoomStream, openUserStream, STUDY_ENV } from './support/study';

/**
 * Three real server processes on one database and one Redis of the test's own behave as one:
 * whatever is published on one replica reaches the streams held on the others, once, in order.
 * Replica C sweeps only at start-up, so it never completes a session itself: what it streams
 * about one was published elsewhere.
 */
const ENV = { ...STUDY_ENV, STUDY_MINUTE_MS: '300', PRESENCE_GRACE_MS: '300' };

let redis: TestRedis;
let a: ServerProcess;
let b: ServerProcess;
let c: ServerProcess;
beforeAll(async () => {
  redis = await startTestRedis();
  const dbName = `replicas_${randomUUID().slice(0, 8)}`;
  const env = { ...ENV, REDIS_URL: redis.url };
  // The first creates the collections and indexes; the others find them.
  a = await startServerProcess(dbName, env);
  [b, c] = await Promise.all([
    startServerProcess(dbName, env),
    startServerProcess(dbName, { ...env, SWEEP_INTERVAL_MS: '600000' }),
  ]);
});
afterAll(async () => {
  for (const server of [a, b, c]) server?.child.kill('SIGTERM');
  await Promise.all([a, b, c].map((server) => server?.exited));
  await redis?.stop();
});

/** Persisted room events as a reader saw them: type and id, in arrival order. */
const persisted = (events: { type: string; id?: string }[]) =>
  events.filter((event) => event.type !== 'state' && event.type !== 'typing' && event.type !== 'presence');

describe('a pair split across two replicas', () => {
  let sessionId = '';
  let ada: Awaited<ReturnType<typeof signedUpStudent>>;

  it('sees the match, chat both ways, typing, presence, the 5-minute notice and completion live, once, in order', async () => {
    ada = await signedUpStudent(a.url, 'ada');
    const ben = await signedUpStudent(b.url, 'ben');
    const adaInbox = openUserStream(ada);
    await expect.poll(() => adaInbox.events.map((event) => event.type)).toEqual(['hello']);

    await ada.api.study.findPartner.mutate({ minutes: 25 });
    ({ id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 25 }));
    // Paired on B; Ada's stream is on A (her own search was announced first, for her other tabs).
    await expect
      .poll(() => adaInbox.events.map((event) => event.type))
      .toEqual(['hello', 'searchChanged', 'matchFound']);

    const adaRoom = openRoomStream(ada, { sessionId });
    let benRoom = openRoomStream(ben, { sessionId });
    await Promise.all([adaRoom.waitFor('state'), benRoom.waitFor('state')]);

    await ada.api.study.sendMessage.mutate({ sessionId, text: 'hi Ben' });
    await benRoom.waitFor('message');
    await ben.api.study.sendMessage.mutate({ sessionId, text: 'hey Ada' });
    await adaRoom.waitFor('message', 2);
    await ben.api.study.typing.mutate({ sessionId });
    await adaRoom.waitFor('typing');
    expect(adaRoom.ofType('typing').map((event) => event.userId)).toEqual([ben.user.id]);

    // Ben's only stream closes on B: A's reader sees him away, then disconnected, then back.
    benRoom.stop();
    await adaRoom.waitFor('disconnected');
    benRoom = openRoomStream(ben, { sessionId });
    await adaRoom.waitFor('reconnected');
    await expect.poll(() => adaRoom.ofType('completed').length, { timeout: 20_000 }).toBe(1);
    await benRoom.waitFor('completed');

    const adaSaw = persisted(adaRoom.events);
    expect(adaSaw.map((event) => event.type)).toEqual([
      'message',
      'message',
      'disconnected',
      'reconnected',
      'fiveMinutesLeft',
      'completed',
    ]);
    const ids = adaSaw.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    expect(adaRoom.ofType('message').map((event) => event.text)).toEqual(['hi Ben', 'hey Ada']);
    // Ben came online once he opened the room (before or after Ada did), went away, came back.
    const bensPresence = adaRoom.ofType('presence').filter((event) => event.userId === ben.user.id);
    expect(bensPresence.map((event) => event.online).slice(-2)).toEqual([false, true]);
    // Ben's second stream started after the disconnect; from there on he saw the same, once.
    expect(persisted(benRoom.events).map((event) => event.type)).toEqual(['fiveMinutesLeft', 'completed']);
    expect(adaRoom.errors).toEqual([]);
    adaRoom.stop();
    benRoom.stop();
    adaInbox.stop();
  });

  it('brings notifications and the live leaderboard to streams on a third replica', async () => {
    // Opened on C after the session ended elsewhere: the board and the achievement come from A/B.
    const watcher = await signedUpStudent(c.url, 'cat');
    const board = openBoardStream(watcher, 'all');
    await expect.poll(() => board.items.length).toBeGreaterThan(0);
    const adaOnC = studentClient(c.url, { wsConnectionParams: () => ({ token: ada.token() ?? '' }) });
    const inbox = openUserStream(adaOnC);
    await expect.poll(() => inbox.events.length).toBe(1);

    const [dan, eve] = await Promise.all([signedUpStudent(a.url, 'dan'), signedUpStudent(b.url, 'eve')]);
    await dan.api.study.findPartner.mutate({ minutes: 25 });
    const { id } = await eve.api.study.findPartner.mutate({ minutes: 25 });
    const danInbox = openUserStream(studentClient(c.url, { wsConnectionParams: () => ({ token: dan.token() ?? '' }) }));
    await expect.poll(() => danInbox.events.length).toBe(1);
    const danRoom = openRoomStream(dan, { sessionId: id });
    await expect.poll(() => danRoom.ofType('completed').length, { timeout: 20_000 }).toBe(1);

    await board.waitFor((data) => data.top.some((row) => row.username === dan.user.username));
    await expect
      .poll(() => danInbox.events.filter((event) => event.type === 'notification').length, { timeout: 10_000 })
      .toBe(1);
    expect(danInbox.events.find((event) => event.type === 'notification')).toMatchObject({
      notification: { title: 'Achievement earned: First Steps' },
    });
    expect(board.errors).toEqual([]);
    for (const stream of [board, inbox, danInbox, danRoom]) stream.stop();
  });
});

describe('the chat rate limit', () => {
  it('holds across replicas: messages sent through two of them count against one budget', async () => {
    const ivy = await signedUpStudent(a.url, 'ivy');
    const jon = await signedUpStudent(b.url, 'jon');
    await ivy.api.study.findPartner.mutate({ minutes: 25 });
    const { id: sessionId } = await jon.api.study.findPartner.mutate({ minutes: 25 });
    // The same sign-in on the other replica.
    const ivyOnB = studentClient(b.url, { cookie: ivy.cookie() ?? '' });
    const sends = Array.from({ length: 20 }, (_, index) =>
      (index % 2 === 0 ? ivy : ivyOnB).api.study.sendMessage.mutate({ sessionId, text: `note ${index}` }).then(
        () => 'sent',
        (error: unknown) => (error as { data?: { code?: string } }).data?.code ?? String(error),
      ),
    );
    const outcomes = await Promise.all(sends);
    // CHAT_MESSAGES_PER_10S is 10 by default: ten pass in all, however they were spread.
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome !== 'sent')).toEqual(Array(10).fill('TOO_MANY_REQUESTS'));
    await ivyOnB.close();
  });
});

describe('signing out', () => {
  it('on one replica ends that sign-in’s streams on another, and leaves other sign-ins alone', async () => {
    const fay = await signedUpStudent(a.url, 'fay');
    const otherSignIn = studentClient(a.url);
    await otherSignIn.api.auth.login.mutate({ identifier: fay.details.email, password: fay.details.password });
    const tabOnB = studentClient(b.url, { wsConnectionParams: () => ({ token: fay.token() ?? '' }) });
    const ended: string[] = [];
    const inboxOnB = tabOnB.api.account.events.subscribe(undefined, {
      onData: (item) => ended.push(item.data.type),
      onComplete: () => ended.push('ended'),
    });
    const board = openBoardStream(tabOnB, 'week');
    const untouched = openUserStream(otherSignIn);
    await expect.poll(() => ended).toEqual(['hello']);
    await expect.poll(() => board.items.length).toBe(1);
    await expect.poll(() => untouched.events.length).toBe(1);

    await fay.api.auth.logout.mutate();

    await expect.poll(() => ended).toEqual(['hello', 'signedOut', 'ended']);
    await expect
      .poll(() => board.errors.map((error) => (error as { data?: { code?: string } }).data?.code))
      .toEqual(['UNAUTHORIZED']);
    expect(untouched.events.map((event) => event.type)).toEqual(['hello']);
    inboxOnB.unsubscribe();
    untouched.stop();
  });
});

describe('messages on the bus that are not events', () => {
  it('are logged and dropped; the replicas and their streams carry on', async () => {
    const gus = await signedUpStudent(a.url, 'gus');
    const inbox = openUserStream(gus);
    await expect.poll(() => inbox.events.length).toBe(1);
    const raw = redis.client();
    const channel = `studysync:user:${gus.user.id}`;
    await raw.publish(channel, 'not json');
    await raw.publish(channel, JSON.stringify({ type: 'bogus' }));
    await raw.publish(channel, JSON.stringify(['hello']));
    await expect.poll(() => a.output()).toContain('Dropped a realtime message that is not a known event');
    const metrics = await (await fetch(`${a.metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^studysync_bus_messages_dropped_total 3$/m);
    expect(metrics).toMatch(/^studysync_bus_connected\{kind="redis"\} 1$/m);
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
    // Still live: a real event published on another replica arrives, and the junk never did.
    const partner = await signedUpStudent(b.url, 'hal');
    await gus.api.study.findPartner.mutate({ minutes: 25 });
    await partner.api.study.findPartner.mutate({ minutes: 25 });
    await expect.poll(() => inbox.events.map((event) => event.type)).toEqual(['hello', 'searchChanged', 'matchFound']);
    inbox.stop();
  });
});
