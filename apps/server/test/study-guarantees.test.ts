import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@studysync/api';
import type { Database } from '@studysync/db';
import { signedUpStudent, studentClient } from './support/client';
import { startServerProcess } from './support/process';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { MINUTE_MS, openRoomStream, sleep, STUDY_ENV } from './support/study';

/** The persisted events of one room, straight from the database. */
async function storedEvents(database: Database, sessionId: string) {
  const events = await database.db
    .collection<{ _id: string; type: string; seq: number }>('roomEvents')
    .find({ _id: { $regex: `^${sessionId}:` } })
    .toArray();
  return events.sort((a, b) => a.seq - b.seq);
}

describe('pairing race', () => {
  let server: TestServer;
  let database: Database;
  beforeAll(async () => {
    server = await startTestServer({ env: STUDY_ENV });
    database = await openTestDatabase(server.dbName);
  });
  afterAll(async () => {
    await database.client.close();
    await server.close();
  });

  it('40 students asking at once for the same length end up in exactly 20 sessions of two', async () => {
    const students = await Promise.all(Array.from({ length: 40 }, (_, i) => signedUpStudent(server.url, `r${i}`)));
    await Promise.all(students.map((student) => student.api.study.findPartner.mutate({ minutes: 90 })));

    const sessions = await database.db
      .collection<{ status: string; seats: { userId: { toHexString(): string } }[] }>('studySessions')
      .find({ status: { $in: ['waiting', 'active'] } })
      .toArray();
    expect(sessions.filter((session) => session.status === 'waiting')).toHaveLength(0);
    expect(sessions).toHaveLength(20);
    const seated = sessions.flatMap((session) => session.seats.map((seat) => seat.userId.toHexString()));
    for (const session of sessions) {
      expect(session.seats).toHaveLength(2);
      expect(session.seats[0]?.userId.toHexString()).not.toBe(session.seats[1]?.userId.toHexString());
    }
    expect(new Set(seated).size).toBe(40);
    expect(new Set(seated)).toEqual(new Set(students.map((student) => student.user.id)));
    // Each student's own view agrees.
    const views = await Promise.all(students.map((student) => student.api.study.current.query()));
    expect(views.every((view) => view?.status === 'active' && view.partner !== null)).toBe(true);
  }, 60_000);

  it('40 students asking at once through two server processes on one database end up in exactly 20 sessions of two', async () => {
    const there = await startServerProcess(server.dbName, STUDY_ENV);
    try {
      const students = await Promise.all(Array.from({ length: 40 }, (_, i) => signedUpStudent(server.url, `s${i}`)));
      // Every other student asks through the other process, signed in with the same cookie.
      const askers = students.map((student, i) =>
        i % 2 === 0 ? student : studentClient(there.url, { cookie: student.cookie() ?? '' }),
      );
      // Two rounds, so each process finds the line moved on by the other.
      for (const round of [askers.slice(0, 20), askers.slice(20)]) {
        await Promise.all(round.map((asker) => asker.api.study.findPartner.mutate({ minutes: 50 })));
      }
      const ids = new Set(students.map((student) => student.user.id));
      // On a slow machine the first round's sessions may already have run their course.
      const sessions = (
        await database.db
          .collection<{ status: string; seats: { userId: { toHexString(): string } }[] }>('studySessions')
          .find({ status: { $in: ['waiting', 'active', 'completed'] } })
          .toArray()
      ).filter((session) => session.seats.some((seat) => ids.has(seat.userId.toHexString())));
      expect(sessions.filter((session) => session.status === 'waiting')).toHaveLength(0);
      expect(sessions).toHaveLength(20);
      const seated = sessions.flatMap((session) => session.seats.map((seat) => seat.userId.toHexString()));
      expect(sessions.every((session) => session.seats.length === 2)).toBe(true);
      expect(seated).toHaveLength(40);
      expect(new Set(seated)).toEqual(ids);
      await Promise.all(askers.filter((_, i) => i % 2 === 1).map((asker) => asker.close()));
    } finally {
      there.child.kill('SIGTERM');
      await there.exited;
    }
  }, 120_000);
});

describe('exactly once across servers and restarts', () => {
  it('two servers on one database complete a session and send its notice once, and count stats once', async () => {
    const dbName = `two_${randomUUID().slice(0, 8)}`;
    // Both sweep every 50 ms; the session's own timers run where the match happened. They share
    // one bus, as replicas behind a load balancer share Redis.
    const env = { ...STUDY_ENV, SWEEP_INTERVAL_MS: '50' };
    const bus = new InProcessEventBus();
    const first = await startTestServer({ env, dbName, bus });
    const second = await startTestServer({ env, dbName, bus });
    const database = await openTestDatabase(dbName);
    try {
      const ada = await signedUpStudent(first.url, 'ada');
      const ben = await signedUpStudent(second.url, 'ben');
      await ada.api.study.findPartner.mutate({ minutes: 25 });
      const active = await ben.api.study.findPartner.mutate({ minutes: 25 });
      const room = openRoomStream(ada, { sessionId: active.id });
      await room.waitFor('completed');
      // Give both sweeps time to try again.
      await Promise.all([first.jobs.runNow('study-sweep'), second.jobs.runNow('study-sweep')]);
      await sleep(200);

      const types = (await storedEvents(database, active.id)).map((event) => event.type);
      expect(types.filter((type) => type === 'completed')).toHaveLength(1);
      expect(types.filter((type) => type === 'fiveMinutesLeft')).toHaveLength(1);
      expect(room.ofType('completed')).toHaveLength(1);
      for (const student of [ada, ben]) {
        expect(await student.api.study.stats.query()).toMatchObject({ completedSessions: 1, totalMinutes: 25 });
      }
      room.stop();
    } finally {
      await database.client.close();
      await first.close();
      await second.close();
    }
  });

  it('a session whose end passed while no server ran is completed at the next start-up, once', async () => {
    const dbName = `restart_${randomUUID().slice(0, 8)}`;
    const before = await startTestServer({ env: STUDY_ENV, dbName });
    const ada = await signedUpStudent(before.url, 'ada');
    const ben = await signedUpStudent(before.url, 'ben');
    await ada.api.study.findPartner.mutate({ minutes: 25 });
    const active = await ben.api.study.findPartner.mutate({ minutes: 25 });
    await before.close(); // down before the 5-minute mark, and until after the end
    await sleep(25 * MINUTE_MS + 200);

    const after = await startTestServer({ env: STUDY_ENV, dbName });
    const database = await openTestDatabase(dbName);
    try {
      const adaAgain = studentClient(after.url);
      await adaAgain.api.auth.login.mutate({ identifier: ada.details.email, password: ada.details.password });
      const session = await adaAgain.api.study.get.query({ sessionId: active.id });
      expect(session).toMatchObject({ status: 'completed', endedAt: active.endsAt, minutesStudied: 25 });
      expect(await adaAgain.api.study.stats.query()).toMatchObject({ completedSessions: 1, totalMinutes: 25 });
      await after.jobs.runNow('study-sweep');
      const types = (await storedEvents(database, active.id)).map((event) => event.type);
      expect(types.filter((type) => type === 'completed')).toHaveLength(1);
      // No "5 minutes left" after the end: the notice only makes sense while the session runs.
      expect(types).not.toContain('fiveMinutesLeft');
      expect(await database.db.collection('dueSessions').countDocuments()).toBe(0);
      expect(await database.db.collection('liveSeats').countDocuments()).toBe(0);
    } finally {
      await database.client.close();
      await after.close();
    }
  });

  it('a 5-minute mark missed while down is sent once at start-up', async () => {
    const dbName = `warn_${randomUUID().slice(0, 8)}`;
    const env = { ...STUDY_ENV, STUDY_MINUTE_MS: '200' }; // 25 minutes = 5 s, the mark at 4 s
    const before = await startTestServer({ env, dbName });
    const ada = await signedUpStudent(before.url, 'ada');
    const ben = await signedUpStudent(before.url, 'ben');
    await ada.api.study.findPartner.mutate({ minutes: 25 });
    const active = await ben.api.study.findPartner.mutate({ minutes: 25 });
    await before.close();

    // It comes back past the mark and before the end by its clock, however long it takes to
    // start: frozen there, its end timer and sweeps find the session not over yet.
    const comeback = new Date(Date.parse(active.endsAt ?? '') - 2 * 200);
    const after = await startTestServer({ env, dbName, now: () => comeback });
    const database = await openTestDatabase(dbName);
    try {
      const types = (await storedEvents(database, active.id)).map((event) => event.type);
      expect(types.filter((type) => type === 'fiveMinutesLeft')).toHaveLength(1);
      expect(types).not.toContain('completed');
    } finally {
      await database.client.close();
      await after.close();
    }
  });
});

describe('reconnecting', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ...STUDY_ENV, STUDY_MINUTE_MS: '1000' } });
  });
  afterAll(() => server.close());

  it('a message sent while a client was disconnected reaches it after reconnecting, once, in order', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const ben = await signedUpStudent(server.url, 'ben');
    await ada.api.study.findPartner.mutate({ minutes: 90 });
    const active = await ben.api.study.findPartner.mutate({ minutes: 90 });

    const first = openRoomStream(ben, { sessionId: active.id });
    await first.waitFor('state');
    await ada.api.study.sendMessage.mutate({ sessionId: active.id, text: 'one' });
    await first.waitFor('message');
    const lastSeen = first.ofType('message')[0]?.id;
    expect(lastSeen).toMatch(/^\d+$/);
    first.stop();
    await ben.close(); // the whole connection goes away

    for (const text of ['two', 'three', 'four']) await ada.api.study.sendMessage.mutate({ sessionId: active.id, text });

    const again = openRoomStream(ben, { sessionId: active.id, lastEventId: lastSeen ?? null });
    await again.waitFor('message', 3);
    await ada.api.study.sendMessage.mutate({ sessionId: active.id, text: 'five' });
    await again.waitFor('message', 4);
    await sleep(100);
    expect(again.ofType('message').map((event) => event.text)).toEqual(['two', 'three', 'four', 'five']);
    const ids = again.ofType('message').map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    again.stop();
    await ada.api.study.endEarly.mutate({ sessionId: active.id });
  });

  it("the client's own reconnect after a server restart resumes where it left off", async () => {
    const dbName = `resume_${randomUUID().slice(0, 8)}`;
    const env = { ...STUDY_ENV, STUDY_MINUTE_MS: '1000' };
    const first = await startTestServer({ env, dbName });
    const ada = await signedUpStudent(first.url, 'ada');
    // Ben's client waits a second before reconnecting, long enough to miss something.
    const ben = await signedUpStudent(first.url, 'ben', { retryDelayMs: 1_000 });
    await ada.api.study.findPartner.mutate({ minutes: 90 });
    const active = await ben.api.study.findPartner.mutate({ minutes: 90 });
    const room = openRoomStream(ben, { sessionId: active.id });
    await room.waitFor('state');
    await ada.api.study.sendMessage.mutate({ sessionId: active.id, text: 'before' });
    await room.waitFor('message');

    await first.close(); // tells clients to reconnect
    const second = await startTestServer({ env: { ...env, PORT: String(first.port) }, dbName });
    try {
      await ada.api.study.sendMessage.mutate({ sessionId: active.id, text: 'while you were away' });
      await room.waitFor('message', 2);
      await ada.api.study.sendMessage.mutate({ sessionId: active.id, text: 'after' });
      await room.waitFor('message', 3);
      await sleep(100);
      expect(room.ofType('message').map((event) => event.text)).toEqual(['before', 'while you were away', 'after']);
      expect(room.errors).toEqual([]);
      room.stop();
    } finally {
      await Promise.all([ada.close(), ben.close()]);
      await second.close();
    }
  });

  it('history pages back through the log, newest last', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const ben = await signedUpStudent(server.url, 'ben');
    await ada.api.study.findPartner.mutate({ minutes: 90 });
    const active = await ben.api.study.findPartner.mutate({ minutes: 90 });
    for (let i = 1; i <= 8; i += 1) {
      await (i % 2 ? ada : ben).api.study.sendMessage.mutate({ sessionId: active.id, text: `m${i}` });
    }
    const page = await ada.api.study.history.query({ sessionId: active.id, limit: 5 });
    expect(page.events.map((event) => (event.type === 'message' ? event.text : event.type))).toEqual([
      'm4',
      'm5',
      'm6',
      'm7',
      'm8',
    ]);
    const older = await ada.api.study.history.query({
      sessionId: active.id,
      limit: 5,
      before: page.nextBefore ?? undefined,
    });
    expect(older.events.map((event) => (event.type === 'message' ? event.text : event.type))).toEqual([
      'partnerJoined',
      'm1',
      'm2',
      'm3',
    ]);
    expect(older.nextBefore).toBeNull();
    await ada.api.study.endEarly.mutate({ sessionId: active.id });
  });
});
