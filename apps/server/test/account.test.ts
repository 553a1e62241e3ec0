import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@studysync/db';
import { errorOf, studentClient } from './support/client';
import { completeSession, endEarlySession, fakeClock, PROGRESS_ENV, studentIn, type Student } from './support/progress';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { openUserStream } from './support/study';

const clock = fakeClock('2026-05-04T08:00:00Z');
let server: TestServer;
let database: Database;
beforeAll(async () => {
  server = await startTestServer({ env: PROGRESS_ENV, now: clock.now });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

const fieldErrorsOf = async (call: Promise<unknown>) => {
  const error = await errorOf(call);
  return { code: error.data?.code, fields: error.data?.fieldErrors };
};

/** Another client of the same student, signed in on its own. */
async function signInAgain(student: Student, password = student.details.password) {
  const other = studentClient(server.url);
  await other.api.auth.login.mutate({ identifier: student.details.username, password });
  return other;
}

describe('changing the password', () => {
  it('needs the current password, refuses weak ones, and ends the other sign-ins', async () => {
    const ann = await studentIn(server, 'UTC', 'pw');
    const otherTab = await signInAgain(ann);

    expect(
      await fieldErrorsOf(ann.api.account.changePassword.mutate({ currentPassword: 'wrong one', password: 'x' })),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: { password: [expect.any(String)] } });
    expect(
      await fieldErrorsOf(
        ann.api.account.changePassword.mutate({
          currentPassword: 'not my password',
          password: 'plum kettle arch violin',
        }),
      ),
    ).toEqual({ code: 'BAD_REQUEST', fields: { currentPassword: ['That is not your current password'] } });
    expect(
      await fieldErrorsOf(
        ann.api.account.changePassword.mutate({ currentPassword: ann.details.password, password: 'password123' }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: { password: [expect.stringContaining('too common')] } });

    await ann.api.account.changePassword.mutate({
      currentPassword: ann.details.password,
      password: 'plum kettle arch violin',
    });
    // This sign-in goes on; the other one is over; the old password no longer signs in.
    expect((await ann.api.auth.me.query())?.id).toBe(ann.user.id);
    expect(await otherTab.api.auth.me.query()).toBeNull();
    expect((await errorOf(signInAgain(ann))).data?.code).toBe('UNAUTHORIZED');
    expect((await (await signInAgain(ann, 'plum kettle arch violin')).api.auth.me.query())?.id).toBe(ann.user.id);
  });

  it('counts wrong current passwords against the sign-in throttle', async () => {
    const ben = await studentIn(server, 'UTC', 'thr');
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i += 1) {
      const error = await errorOf(
        ben.api.account.changePassword.mutate({ currentPassword: `guess ${i}`, password: 'plum kettle arch violin' }),
      );
      codes.push(error.data?.code);
    }
    // Five guesses per account and address, as on the sign-in page; then a wait.
    expect(codes).toEqual([...Array<string>(5).fill('BAD_REQUEST'), 'TOO_MANY_REQUESTS']);
  });
});

describe('changing email and username', () => {
  it('saves them, and a taken one is a CONFLICT naming the field', async () => {
    const cat = await studentIn(server, 'UTC', 'cat');
    const dan = await studentIn(server, 'UTC', 'dan');
    expect(
      await fieldErrorsOf(cat.api.account.changeUsername.mutate({ username: dan.details.username.toUpperCase() })),
    ).toEqual({ code: 'CONFLICT', fields: { username: ['That username is taken'] } });
    expect(
      await fieldErrorsOf(
        cat.api.account.changeEmail.mutate({ email: dan.details.email, currentPassword: cat.details.password }),
      ),
    ).toEqual({ code: 'CONFLICT', fields: { email: ['That email is already registered'] } });
    expect(
      await fieldErrorsOf(cat.api.account.changeEmail.mutate({ email: 'new@example.com', currentPassword: 'nope' })),
    ).toEqual({ code: 'BAD_REQUEST', fields: { currentPassword: ['That is not your current password'] } });
    expect(await fieldErrorsOf(cat.api.account.changeUsername.mutate({ username: 'a b' }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { username: [expect.any(String)] },
    });

    const renamed = `${cat.details.username.slice(0, 14)}_new`;
    await expect(cat.api.account.changeUsername.mutate({ username: renamed })).resolves.toMatchObject({
      username: renamed,
    });
    const email = `${renamed}@example.org`;
    await expect(
      cat.api.account.changeEmail.mutate({ email, currentPassword: cat.details.password }),
    ).resolves.toMatchObject({ email });
    const again = studentClient(server.url);
    await again.api.auth.login.mutate({ identifier: email, password: cat.details.password });
    expect((await again.api.auth.me.query())?.username).toBe(renamed);
  });

  it('renames the student on the boards they are on', async () => {
    const eve = await studentIn(server, 'UTC', 'eve');
    const fay = await studentIn(server, 'UTC', 'fay');
    await completeSession(server, clock, eve, fay, 25, '2026-05-04T09:00:00Z');
    const renamed = `${eve.details.username.slice(0, 14)}_ren`;
    await eve.api.account.changeUsername.mutate({ username: renamed });
    const week = await fay.api.leaderboard.get.query({ board: 'week' });
    expect(week.top.map((row) => row.username)).toContain(renamed);
    expect(week.top.map((row) => row.username)).not.toContain(eve.details.username);
  });
});

describe('signing out everywhere', () => {
  it('ends every sign-in of the student and their open streams, and nobody else’s', async () => {
    const gus = await studentIn(server, 'UTC', 'gus');
    const otherTab = await signInAgain(gus);
    const bystander = await studentIn(server, 'UTC', 'by');
    const streams = [openUserStream(gus), openUserStream(otherTab), openUserStream(bystander)];
    await expect.poll(() => streams.map((stream) => stream.events.length)).toEqual([1, 1, 1]);

    await expect(gus.api.account.signOutEverywhere.mutate()).resolves.toEqual({ ok: true, signedOut: 2 });

    await expect.poll(() => streams[0]?.events.map((event) => event.type)).toEqual(['hello', 'signedOut']);
    await expect.poll(() => streams[1]?.events.map((event) => event.type)).toEqual(['hello', 'signedOut']);
    expect(await gus.api.auth.me.query()).toBeNull();
    expect(await otherTab.api.auth.me.query()).toBeNull();
    expect((await bystander.api.auth.me.query())?.id).toBe(bystander.user.id);
    expect(streams[2]?.events.map((event) => event.type)).toEqual(['hello']);
    for (const stream of streams) stream.stop();
  });
});

describe('session history', () => {
  it('lists past sessions newest first, a page at a time, with partner, goal and check-in', async () => {
    const hal = await studentIn(server, 'UTC', 'hal');
    const ivy = await studentIn(server, 'UTC', 'ivy');
    const first = await completeSession(server, clock, hal, ivy, 25, '2026-05-05T09:00:00Z');
    await hal.api.study.checkIn.mutate({ sessionId: first.sessionId, result: 'partly', note: 'half the chapter' });
    const second = await endEarlySession(clock, hal, ivy, ivy, 10, '2026-05-05T11:00:00Z', 50);
    const third = await completeSession(server, clock, hal, ivy, 25, '2026-05-05T13:00:00Z');

    const page = await hal.api.account.history.query({ limit: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.id)).toEqual([third.sessionId, second.sessionId]);
    expect(page.items[1]).toMatchObject({
      status: 'endedEarly',
      plannedMinutes: 50,
      minutesStudied: 10,
      counted: true,
      partner: { username: ivy.details.username, former: false },
    });
    const older = await hal.api.account.history.query({ limit: 2, cursor: page.nextCursor });
    expect(older.nextCursor).toBeNull();
    expect(older.items).toEqual([
      expect.objectContaining({
        id: first.sessionId,
        status: 'completed',
        minutesStudied: 25,
        checkIn: { result: 'partly', note: 'half the chapter' },
      }),
    ]);
    // Only one's own: another student's history is theirs.
    expect((await ivy.api.account.history.query({})).items[0]?.partner?.username).toBe(hal.details.username);
    expect(await fieldErrorsOf(hal.api.account.history.query({ limit: 500 }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { limit: [expect.any(String)] },
    });
  });
});

describe('exporting and deleting the account', () => {
  it('exports everything kept as JSON, without secrets', async () => {
    const jo = await studentIn(server, 'Europe/Paris', 'jo');
    const kim = await studentIn(server, 'UTC', 'kim');
    await completeSession(server, clock, jo, kim, 25, '2026-05-06T09:00:00Z');
    await jo.api.planner.create.mutate({ name: 'Essay', dueDate: '2026-06-01', timeZone: 'Europe/Paris' });
    const data = await jo.api.account.export.query();
    expect(data.account).toMatchObject({ username: jo.details.username, timeZone: 'Europe/Paris' });
    expect(data.sessions).toHaveLength(1);
    expect(data.assessments.map((assessment) => assessment.name)).toEqual(['Essay']);
    expect(data.stats?.totalMinutes).toBe(25);
    expect(data.blocked).toEqual([]);
    await jo.api.safety.block.mutate({ userId: kim.user.id });
    expect((await jo.api.account.export.query()).blocked).toEqual([
      { userId: kim.user.id, username: kim.details.username, blockedAt: expect.any(String) },
    ]);
    const text = JSON.stringify(data);
    expect(text).not.toContain('passwordHash');
    expect(text).not.toContain('scrypt');
  });

  it('needs the password and the words; then removes the student’s data, and partners see "former student"', async () => {
    const leo = await studentIn(server, 'UTC', 'leo');
    const mia = await studentIn(server, 'UTC', 'mia');
    const { sessionId } = await completeSession(server, clock, leo, mia, 25, '2026-05-07T09:00:00Z');
    await leo.api.study.checkIn.mutate({ sessionId, result: 'yes', note: 'my private note' });
    await leo.api.planner.create.mutate({ name: 'Exam', dueDate: '2026-06-01', timeZone: 'UTC' });
    await leo.api.safety.block.mutate({ userId: mia.user.id });
    const otherTab = await signInAgain(leo);

    expect(
      await fieldErrorsOf(
        leo.api.account.delete.mutate({ currentPassword: leo.details.password, confirmation: 'yes' }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: { confirmation: [expect.any(String)] } });
    expect(
      await fieldErrorsOf(
        leo.api.account.delete.mutate({ currentPassword: 'wrong', confirmation: 'delete my account' }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: { currentPassword: [expect.any(String)] } });
    expect(await database.db.collection('users').countDocuments({ username: leo.details.username })).toBe(1);

    await leo.api.account.delete.mutate({ currentPassword: leo.details.password, confirmation: 'Delete my account' });

    expect(await leo.api.auth.me.query()).toBeNull();
    expect(await otherTab.api.auth.me.query()).toBeNull();
    expect((await errorOf(signInAgain(leo))).data?.code).toBe('UNAUTHORIZED');
    const db = database.db;
    const { ObjectId } = await import('@studysync/db');
    const leoId = new ObjectId(leo.user.id);
    expect(await db.collection('users').countDocuments({ _id: leoId })).toBe(0);
    expect(await db.collection('authSessions').countDocuments({ userId: leoId })).toBe(0);
    expect(await db.collection('plannerAssessments').countDocuments({ ownerId: leoId })).toBe(0);
    expect(await db.collection('notifications').countDocuments({ userId: leoId })).toBe(0);
    for (const name of ['studyStats', 'progress', 'sessionHistory', 'blocks']) {
      expect(await db.collection<{ _id: string }>(name).countDocuments({ _id: leo.user.id })).toBe(0);
    }
    for (const board of ['week', 'month', 'all'] as const) {
      const { top } = await mia.api.leaderboard.get.query({ board });
      const names = top.map((row) => row.username);
      expect(names).toContain(mia.details.username);
      expect(names).not.toContain(leo.details.username);
      expect(top.map((row) => row.userId)).not.toContain(leo.user.id);
    }
    // The partner keeps the session, its minutes and their own check-in; the other seat is nobody's now.
    const history = await mia.api.account.history.query({});
    expect(history.items[0]).toMatchObject({
      id: sessionId,
      minutesStudied: 25,
      counted: true,
      partner: { username: 'former student', former: true },
    });
    expect((await mia.api.progress.overview.query()).totals.totalMinutes).toBe(25);
    expect(JSON.stringify(await db.collection('studySessions').findOne({ _id: new ObjectId(sessionId) }))).not.toMatch(
      /my private note|leo/,
    );
    const session = await mia.api.study.get.query({ sessionId });
    expect(session.partner?.username).toBe('former student');
  });

  it('refuses while the student is in a study session', async () => {
    const ned = await studentIn(server, 'UTC', 'ned');
    clock.set('2026-05-08T09:00:00Z');
    await ned.api.study.findPartner.mutate({ minutes: 25 });
    const error = await errorOf(
      ned.api.account.delete.mutate({ currentPassword: ned.details.password, confirmation: 'delete my account' }),
    );
    expect(error.data?.code).toBe('CONFLICT');
    expect((await ned.api.auth.me.query())?.id).toBe(ned.user.id);
  });
});
