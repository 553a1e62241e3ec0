import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus, topics } from '@studysync/api';
import { ObjectId, type Database, type StudySessionDoc } from '@studysync/db';
import { errorOf, signedUpStudent } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { MINUTE_MS, openRoomStream, openUserStream, sleep, STUDY_ENV, waitStudied } from './support/study';

let server: TestServer;
let database: Database;
// The server's own bus, so a test can publish a marker into a room after what it waits for.
const bus = new InProcessEventBus();
beforeAll(async () => {
  server = await startTestServer({ env: STUDY_ENV, bus });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

async function pair(minutes: 25 | 50 | 90 = 25) {
  const ada = await signedUpStudent(server.url, 'ada');
  const ben = await signedUpStudent(server.url, 'ben');
  const waiting = await ada.api.study.findPartner.mutate({ minutes, goal: 'Finish chapter 3' });
  const active = await ben.api.study.findPartner.mutate({ minutes });
  return { ada, ben, waiting, active, sessionId: active.id };
}

describe('a full session between two students', () => {
  it('matches, chats both ways, types, warns at 5 minutes, completes and counts stats once', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const ben = await signedUpStudent(server.url, 'ben');
    const outsider = await signedUpStudent(server.url, 'out');
    const adaInbox = openUserStream(ada);
    const outsiderInbox = openUserStream(outsider);
    await expect.poll(() => adaInbox.events.length).toBe(1); // hello

    const waiting = await ada.api.study.findPartner.mutate({ minutes: 25, goal: '  Finish chapter 3  ' });
    expect(waiting).toMatchObject({ status: 'waiting', plannedMinutes: 25, partner: null, startedAt: null });
    expect(waiting.me).toMatchObject({ username: ada.user.username, goal: 'Finish chapter 3' });

    const active = await ben.api.study.findPartner.mutate({ minutes: 25 });
    expect(active.id).toBe(waiting.id);
    expect(active).toMatchObject({
      status: 'active',
      partner: { username: ada.user.username, goal: 'Finish chapter 3' },
    });
    const startedAt = Date.parse(active.startedAt ?? '');
    expect(Date.parse(active.endsAt ?? '') - startedAt).toBe(25 * MINUTE_MS);
    expect(Math.abs(Date.parse(active.serverTime) - Date.now())).toBeLessThan(2_000);

    // Only the waiting student learns of the match through their own stream; nobody else does.
    await expect.poll(() => adaInbox.events.map((event) => event.type)).toContain('matchFound');
    expect(adaInbox.events.find((event) => event.type === 'matchFound')).toEqual({
      type: 'matchFound',
      sessionId: active.id,
    });
    expect(outsiderInbox.events.map((event) => event.type)).toEqual(['hello']);

    const adaRoom = openRoomStream(ada, { sessionId: active.id });
    const benRoom = openRoomStream(ben, { sessionId: active.id });
    await adaRoom.waitFor('state');
    await benRoom.waitFor('state');
    expect(adaRoom.events[0]).toMatchObject({
      type: 'state',
      session: { status: 'active', me: { username: ada.user.username } },
    });

    await ada.api.study.sendMessage.mutate({ sessionId: active.id, text: '  hi Ben!  ' });
    await benRoom.waitFor('message');
    expect(benRoom.ofType('message')[0]).toMatchObject({ text: 'hi Ben!', authorName: ada.user.username });
    await ben.api.study.sendMessage.mutate({ sessionId: active.id, text: 'hey Ada' });
    await adaRoom.waitFor('message', 2);
    expect(adaRoom.ofType('message').map((event) => event.text)).toEqual(['hi Ben!', 'hey Ada']);

    await ben.api.study.typing.mutate({ sessionId: active.id });
    await adaRoom.waitFor('typing');
    expect(adaRoom.ofType('typing')[0]).toMatchObject({ type: 'typing', userId: ben.user.id });

    await adaRoom.waitFor('fiveMinutesLeft');
    await adaRoom.waitFor('completed');
    await benRoom.waitFor('completed');
    // The sweep runs a few more times, then a marker goes through the room after anything they
    // published: the marker is the next event, so nothing was sent twice.
    for (let run = 0; run < 3; run += 1) await server.jobs.runNow('study-sweep');
    const seen = adaRoom.events.length;
    await bus.publish(topics.room(active.id), { type: 'typing', userId: 'marker' });
    await adaRoom.waitFor('typing', 2);
    expect(adaRoom.events.slice(seen)).toMatchObject([{ type: 'typing', userId: 'marker' }]);
    expect(adaRoom.ofType('fiveMinutesLeft')).toHaveLength(1);
    expect(adaRoom.ofType('completed')).toHaveLength(1);

    const done = await ada.api.study.get.query({ sessionId: active.id });
    expect(done).toMatchObject({
      status: 'completed',
      minutesStudied: 25,
      endedAt: active.endsAt,
      fiveMinuteNoticeSent: true,
    });
    expect(await ada.api.study.current.query()).toBeNull();
    for (const student of [ada, ben]) {
      expect(await student.api.study.stats.query()).toMatchObject({
        totalMinutes: 25,
        completedSessions: 1,
        quitSessions: 0,
        longestSessionMinutes: 25,
        lastStudyDay: new Date().toISOString().slice(0, 10),
      });
    }

    // The end-of-session check-in is kept with the session and counted once.
    const checked = await ada.api.study.checkIn.mutate({ sessionId: active.id, result: 'yes', note: 'done!' });
    expect(checked.me.checkIn).toMatchObject({ result: 'yes', note: 'done!' });
    expect((await errorOf(ada.api.study.checkIn.mutate({ sessionId: active.id, result: 'no' }))).data?.code).toBe(
      'CONFLICT',
    );
    expect((await ada.api.study.stats.query()).goals).toEqual({ yes: 1, partly: 0, no: 0 });
    expect((await ben.api.study.get.query({ sessionId: active.id })).partner?.checkIn?.result).toBe('yes');

    // History: the whole log, newest last.
    const history = await ben.api.study.history.query({ sessionId: active.id });
    expect(history.events.map((event) => event.type)).toEqual([
      'partnerJoined',
      'message',
      'message',
      'fiveMinutesLeft',
      'completed',
    ]);
    expect(history.nextBefore).toBeNull();
    for (const stream of [adaRoom, benRoom, adaInbox, outsiderInbox]) stream.stop();
    await Promise.all([ada.close(), ben.close(), outsider.close()]);
  });
});

describe('matching', () => {
  it('asking again while waiting or studying returns the same session', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const first = await ada.api.study.findPartner.mutate({ minutes: 90 });
    const again = await ada.api.study.findPartner.mutate({ minutes: 50 });
    expect(again.id).toBe(first.id);
    expect(again.plannedMinutes).toBe(90);
    const ben = await signedUpStudent(server.url, 'ben');
    const active = await ben.api.study.findPartner.mutate({ minutes: 90 });
    expect(active.id).toBe(first.id);
    expect((await ben.api.study.findPartner.mutate({ minutes: 90 })).id).toBe(first.id);
    expect((await ada.api.study.current.query())?.status).toBe('active');
    await ada.api.study.endEarly.mutate({ sessionId: first.id });
  });

  it('never pairs students who chose different lengths', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const ben = await signedUpStudent(server.url, 'ben');
    const a = await ada.api.study.findPartner.mutate({ minutes: 25 });
    const b = await ben.api.study.findPartner.mutate({ minutes: 50 });
    expect(a.status).toBe('waiting');
    expect(b.status).toBe('waiting');
    expect(a.id).not.toBe(b.id);
    await ada.api.study.cancel.mutate();
    await ben.api.study.cancel.mutate();
  });

  it('cancel while waiting: nobody is paired with the cancelled session', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const waiting = await ada.api.study.findPartner.mutate({ minutes: 50 });
    expect(await ada.api.study.cancel.mutate()).toEqual({ ok: true });
    expect(await ada.api.study.current.query()).toBeNull();
    expect((await ada.api.study.get.query({ sessionId: waiting.id })).status).toBe('cancelled');
    const ben = await signedUpStudent(server.url, 'ben');
    const next = await ben.api.study.findPartner.mutate({ minutes: 50 });
    expect(next.status).toBe('waiting');
    expect(next.id).not.toBe(waiting.id);
    await ben.api.study.cancel.mutate();
  });

  it('cancel after a partner joined is refused and the session goes on', async () => {
    const { ada, sessionId } = await pair(50);
    const error = await errorOf(ada.api.study.cancel.mutate());
    expect(error.data?.code).toBe('CONFLICT');
    expect((await ada.api.study.get.query({ sessionId })).status).toBe('active');
    await ada.api.study.endEarly.mutate({ sessionId });
  });
});

describe('ending early', () => {
  it('either student can end; the other is told at once; stats count who quit', async () => {
    const { ada, ben, sessionId } = await pair(90);
    const benRoom = openRoomStream(ben, { sessionId });
    await benRoom.waitFor('state');
    await sleep(7 * MINUTE_MS);
    const ended = await ada.api.study.endEarly.mutate({ sessionId });
    expect(ended).toMatchObject({ status: 'endedEarly', endedBy: ada.user.id });
    expect(ended.minutesStudied).toBeGreaterThanOrEqual(7);
    await benRoom.waitFor('endedEarly');
    expect(benRoom.ofType('endedEarly')[0]).toMatchObject({ userId: ada.user.id, username: ada.user.username });

    const adaStats = await ada.api.study.stats.query();
    const benStats = await ben.api.study.stats.query();
    expect(adaStats).toMatchObject({ quitSessions: 1, completedSessions: 0, totalMinutes: ended.minutesStudied });
    expect(benStats).toMatchObject({ partnerEndedSessions: 1, quitSessions: 0, totalMinutes: ended.minutesStudied });
    expect((await errorOf(ben.api.study.endEarly.mutate({ sessionId }))).data?.code).toBe('PRECONDITION_FAILED');
    // Both are free to study again.
    expect(await ben.api.study.current.query()).toBeNull();
    benRoom.stop();
  });

  it('a session shorter than 5 minutes does not count', async () => {
    const { ada, ben, sessionId } = await pair(25);
    await ben.api.study.endEarly.mutate({ sessionId });
    expect((await ada.api.study.stats.query()).totalMinutes).toBe(0);
    expect((await ben.api.study.stats.query()).quitSessions).toBe(0);
  });
});

describe('presence', () => {
  it('tells the partner who left, who disconnected after the grace period and who came back', async () => {
    const { ada, ben, sessionId } = await pair(90);
    const adaRoom = openRoomStream(ada, { sessionId });
    await adaRoom.waitFor('state');
    const bensPresence = () => adaRoom.ofType('presence').filter((event) => event.userId === ben.user.id);
    const benRoom = openRoomStream(ben, { sessionId });
    await expect.poll(() => bensPresence().length).toBe(1);
    expect(bensPresence()[0]).toMatchObject({ type: 'presence', userId: ben.user.id, online: true });

    benRoom.stop();
    await expect.poll(() => bensPresence().length).toBe(2);
    expect(bensPresence()[1]).toMatchObject({ type: 'presence', userId: ben.user.id, online: false });
    await adaRoom.waitFor('disconnected');
    expect((await ada.api.study.get.query({ sessionId })).partner).toMatchObject({ online: false, disconnected: true });

    const benAgain = openRoomStream(ben, { sessionId });
    await adaRoom.waitFor('reconnected');
    expect((await ada.api.study.get.query({ sessionId })).partner).toMatchObject({ online: true, disconnected: false });
    benAgain.stop();
    adaRoom.stop();
    await ada.api.study.endEarly.mutate({ sessionId });
  });

  it('counts a student’s tabs on one server once: online when the first opens, away when the last closes', async () => {
    const { ada, ben, sessionId } = await pair(90);
    const adaRoom = openRoomStream(ada, { sessionId });
    await adaRoom.waitFor('state');
    const bensPresence = () => adaRoom.ofType('presence').filter((event) => event.userId === ben.user.id);
    const bensSeat = async () => {
      const session = await database.db
        .collection<StudySessionDoc>('studySessions')
        .findOne({ _id: new ObjectId(sessionId) });
      return session?.seats.find((seat) => seat.userId.toHexString() === ben.user.id);
    };
    const tabs = [openRoomStream(ben, { sessionId }), openRoomStream(ben, { sessionId })];
    for (const tab of tabs) await tab.waitFor('state');
    // The seat records the server, not how many tabs it holds (the server counts those itself).
    const [instance] = await database.db.collection<{ _id: string }>('serverInstances').find({}).toArray();
    expect((await bensSeat())?.streams).toEqual({ [instance?._id ?? '']: 1 });
    expect(tabs[1]?.ofType('state')[0]).toMatchObject({ session: { me: { online: true } } });

    // One tab closes, another opens: he never looked away.
    tabs[0]?.stop();
    const third = openRoomStream(ben, { sessionId });
    await third.waitFor('state');
    tabs[1]?.stop();
    expect((await ada.api.study.get.query({ sessionId })).partner).toMatchObject({ online: true });
    third.stop();
    await expect.poll(() => bensPresence().length).toBe(2);
    expect(bensPresence().map((event) => event.online)).toEqual([true, false]);
    await expect.poll(async () => (await bensSeat())?.streams).toEqual({});
    expect((await ada.api.study.get.query({ sessionId })).partner).toMatchObject({ online: false });
    adaRoom.stop();
    await ada.api.study.endEarly.mutate({ sessionId });
  });

  it('a student still gone at the end counts a disconnected session', async () => {
    const { ada, ben, sessionId } = await pair(25);
    const adaRoom = openRoomStream(ada, { sessionId });
    const benRoom = openRoomStream(ben, { sessionId });
    await benRoom.waitFor('state');
    // Long enough to count (5 minutes), well short of the end.
    await waitStudied(ben, sessionId, 6);
    benRoom.stop();
    await adaRoom.waitFor('disconnected');
    await adaRoom.waitFor('completed');
    expect(await ada.api.study.stats.query()).toMatchObject({ completedSessions: 1, totalMinutes: 25 });
    // Ben left early on: the session is on record, with only the minutes he was there.
    // ("completed" is told before the outcomes are written: wait for his.)
    await expect.poll(async () => (await ben.api.study.stats.query()).disconnectedSessions).toBe(1);
    const benStats = await ben.api.study.stats.query();
    expect(benStats).toMatchObject({ disconnectedSessions: 1, completedSessions: 0 });
    expect(benStats.totalMinutes).toBeLessThan(25);
    adaRoom.stop();
  });
});
