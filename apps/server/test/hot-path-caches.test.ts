import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@studysync/api';
import { errorOf, signedUpStudent, studentClient, type StudentClient } from './support/client';
import { startTestServer, type TestServer } from './support/server';
import { STUDY_ENV } from './support/study';

/**
 * What each server remembers to keep the hot paths off the database (sign-ins, running rooms,
 * where a room's log ends) never outlives the truth on another server sharing the database:
 * two servers on one database, sharing one bus as replicas share Redis, with the longest cache
 * time allowed, so only the bus can explain a change seen at once.
 */
const ENV = { ...STUDY_ENV, STUDY_MINUTE_MS: '2000', SIGN_IN_CHECK_CACHE_MS: '60000' };

let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  const bus = new InProcessEventBus();
  const dbName = `caches_${randomUUID().slice(0, 8)}`;
  a = await startTestServer({ env: ENV, bus, dbName });
  b = await startTestServer({ env: ENV, bus, dbName });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

/** The same sign-in on server `to`. */
const on = (to: TestServer, client: StudentClient) => studentClient(to.url, { cookie: client.cookie() ?? '' });

async function pair() {
  const ada = await signedUpStudent(a.url, 'ada');
  const ben = await signedUpStudent(b.url, 'ben');
  await ada.api.study.findPartner.mutate({ minutes: 25 });
  const { id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 25 });
  return { ada, ben, sessionId };
}

describe('the room log across two servers', () => {
  it('numbers messages sent through either server one after another, in send order, without gaps', async () => {
    const { ada, ben, sessionId } = await pair();
    const adaOnB = on(b, ada);
    const sent: string[] = [];
    // Each server's idea of where the log ends is one behind after every send on the other.
    for (let i = 0; i < 6; i++) {
      const client = i % 2 === 0 ? ada : adaOnB;
      sent.push((await client.api.study.sendMessage.mutate({ sessionId, text: `message ${i}` })).id);
    }
    sent.push((await ben.api.study.sendMessage.mutate({ sessionId, text: 'from ben on B' })).id);
    // 1 is the partner joining.
    expect(sent).toEqual(['2', '3', '4', '5', '6', '7', '8']);
    const history = await ben.api.study.history.query({ sessionId });
    expect(history.events.map((event) => event.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(history.events.slice(1).map((event) => event.type === 'message' && event.text)).toEqual([
      ...Array.from({ length: 6 }, (_, i) => `message ${i}`),
      'from ben on B',
    ]);
    await Promise.all([ada.close(), ben.close(), adaOnB.close()]);
  });

  it('refuses chat on one server at once when the session was ended on the other', async () => {
    const { ada, ben, sessionId } = await pair();
    const adaOnB = on(b, ada);
    // Both servers now remember the running room.
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'on A' });
    await adaOnB.api.study.sendMessage.mutate({ sessionId, text: 'on B' });
    await ben.api.study.endEarly.mutate({ sessionId });
    for (const client of [ada, adaOnB]) {
      const refused = await errorOf(client.api.study.sendMessage.mutate({ sessionId, text: 'too late' }));
      expect(refused.data?.code).toBe('PRECONDITION_FAILED');
    }
    const history = await ada.api.study.history.query({ sessionId });
    expect(history.events.map((event) => event.type)).toEqual(['partnerJoined', 'message', 'message', 'endedEarly']);
    await Promise.all([ada.close(), ben.close(), adaOnB.close()]);
  });

  it('still refuses someone without a seat, from a remembered room too', async () => {
    const { ada, ben, sessionId } = await pair();
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'hello' });
    const outsider = await signedUpStudent(a.url, 'eve');
    expect((await errorOf(outsider.api.study.sendMessage.mutate({ sessionId, text: 'hi' }))).data?.code).toBe(
      'NOT_FOUND',
    );
    expect((await errorOf(outsider.api.study.typing.mutate({ sessionId }))).data?.code).toBe('NOT_FOUND');
    await Promise.all([ada.close(), ben.close(), outsider.close()]);
  });
});

describe('sign-ins remembered by each server', () => {
  it('a sign-out on one server refuses the same sign-in on the other at once, though it was remembered', async () => {
    const ada = await signedUpStudent(a.url, 'ada');
    const adaOnB = on(b, ada);
    expect((await adaOnB.api.auth.me.query())?.username).toBe(ada.user.username);
    expect(await adaOnB.api.study.current.query()).toBeNull();

    await ada.api.auth.logout.mutate();
    expect(await adaOnB.api.auth.me.query()).toBeNull();
    expect((await errorOf(adaOnB.api.study.current.query())).data?.code).toBe('UNAUTHORIZED');
    await Promise.all([ada.close(), adaOnB.close()]);
  });

  it('a new username or setting on one server is seen on the other at once, though it was remembered', async () => {
    const ada = await signedUpStudent(a.url, 'ada');
    const adaOnB = on(b, ada);
    expect((await adaOnB.api.auth.me.query())?.username).toBe(ada.user.username);
    const renamed = `${ada.user.username.slice(0, 16)}_new`;
    await ada.api.account.changeUsername.mutate({ username: renamed });
    expect((await adaOnB.api.auth.me.query())?.username).toBe(renamed);
    await ada.api.account.updateSettings.mutate({ timeZone: 'Asia/Tokyo' });
    expect((await adaOnB.api.auth.me.query())?.timeZone).toBe('Asia/Tokyo');
    await Promise.all([ada.close(), adaOnB.close()]);
  });

  it('a change to the student on a server is seen by their next request there', async () => {
    const ada = await signedUpStudent(a.url, 'ada');
    expect((await ada.api.auth.me.query())?.timeZone).toBe('UTC');
    await ada.api.account.updateSettings.mutate({ timeZone: 'Europe/Paris' });
    expect((await ada.api.auth.me.query())?.timeZone).toBe('Europe/Paris');
    await ada.close();
  });
});
