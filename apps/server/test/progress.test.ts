import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId, PROGRESS_COLLECTION, type Database } from '@studysync/db';
import { errorOf, studentClient } from './support/client';
import { completeSession, endEarlySession, fakeClock, PROGRESS_ENV, studentIn, type Student } from './support/progress';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { openUserStream } from './support/study';

const clock = fakeClock('2026-03-01T12:00:00Z');
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

const overview = (student: Student) => student.api.progress.overview.query();
const chartDays = async (student: Student) =>
  Object.fromEntries((await overview(student)).chart.days.filter((d) => d.minutes > 0).map((d) => [d.day, d.minutes]));

/** Every document progress and the boards keep, to prove reads write nothing. */
async function progressState() {
  // Locks are transient (a session's own timers may still take its room's lock): wait for them.
  await expect.poll(() => database.db.collection('locks').countDocuments()).toBe(0);
  const names = ['users', 'studyStats', 'boards', 'boardRanges', 'boardMembers', 'notifications', PROGRESS_COLLECTION];
  return Object.fromEntries(
    await Promise.all(
      names.map(async (name) => [name, await database.db.collection(name).find({}).toArray()] as const),
    ),
  );
}

describe('stats and streaks in the student’s own time zone', () => {
  it('counts days at each student’s midnight, across a daylight-saving change, for partners in different zones', async () => {
    clock.set('2026-03-06T00:00:00Z');
    const tokyo = await studentIn(server, 'Asia/Tokyo', 'tok');
    const la = await studentIn(server, 'America/Los_Angeles', 'la');

    // Ends one second after midnight in Tokyo (15:00 UTC): Tokyo's 7 March, Los Angeles' 6 March morning.
    await completeSession(server, clock, tokyo, la, 25, '2026-03-06T14:59:59Z');
    // Ends at midnight exactly in Tokyo: 8 March there.
    await completeSession(server, clock, tokyo, la, 25, '2026-03-07T14:59:58Z');
    // Los Angeles springs forward on 8 March; 20:00 UTC is 13:00 PDT there, 05:00 on the 9th in Tokyo.
    await completeSession(server, clock, tokyo, la, 25, '2026-03-08T20:00:00Z');
    // 07:30 UTC on the 9th: half past midnight PDT. A fixed -08:00 offset would say 23:30 on the 8th.
    await completeSession(server, clock, tokyo, la, 50, '2026-03-09T07:29:56Z');

    clock.set('2026-03-09T20:00:00Z'); // Tokyo: 05:00 on the 10th; Los Angeles: 13:00 on the 9th
    expect(await chartDays(tokyo)).toEqual({ '2026-03-07': 25, '2026-03-08': 25, '2026-03-09': 75 });
    expect(await chartDays(la)).toEqual({ '2026-03-06': 25, '2026-03-07': 25, '2026-03-08': 25, '2026-03-09': 50 });

    const t = await overview(tokyo);
    expect(t).toMatchObject({ timeZone: 'Asia/Tokyo', today: '2026-03-10' });
    expect(t.streak).toEqual({ current: 3, best: 3, lastStudyDay: '2026-03-09', studiedToday: false });
    const l = await overview(la);
    expect(l.today).toBe('2026-03-09');
    expect(l.streak).toEqual({ current: 4, best: 4, lastStudyDay: '2026-03-09', studiedToday: true });

    // The leaderboard's week for both, from Monday 00:00 UTC (Tokyo's 05:00 session on the 9th
    // was Sunday in UTC), towards the default 10 hours.
    expect(t.weeklyGoal).toEqual({
      hours: 10,
      goalMinutes: 600,
      minutes: 50,
      progress: 50 / 600,
      weekStartsAt: '2026-03-09T00:00:00.000Z',
      weekEndsAt: '2026-03-16T00:00:00.000Z',
    });
    expect(l.weeklyGoal).toEqual(t.weeklyGoal);
    const board = await tokyo.api.leaderboard.get.query({ board: 'week' });
    expect(board.top.find((row) => row.username === tokyo.user.username)?.minutes).toBe(t.weeklyGoal.minutes);

    // Two days later the streak has lapsed; the best is kept.
    clock.set('2026-03-12T00:00:00Z');
    expect((await overview(tokyo)).streak).toMatchObject({ current: 0, best: 3 });
    expect((await overview(la)).streak).toMatchObject({ current: 0, best: 4 });
    await Promise.all([tokyo.close(), la.close()]);
  });

  it('London across the spring-forward night and Sydney across its autumn change', async () => {
    clock.set('2026-03-27T12:00:00Z');
    const london = await studentIn(server, 'Europe/London', 'lon');
    const sydney = await studentIn(server, 'Australia/Sydney', 'syd');
    // London's clocks go forward at 01:00 UTC on 29 March; its midnight then falls at 23:00 UTC.
    await completeSession(server, clock, london, sydney, 25, '2026-03-27T23:30:00Z'); // London 27th 23:30, Sydney 28th
    await completeSession(server, clock, london, sydney, 25, '2026-03-28T23:30:00Z'); // London 28th 23:30, Sydney 29th
    await completeSession(server, clock, london, sydney, 25, '2026-03-29T23:30:00Z'); // London 30th 00:30 BST
    clock.set('2026-03-30T10:00:00Z');
    expect(await chartDays(london)).toEqual({ '2026-03-27': 25, '2026-03-28': 25, '2026-03-30': 25 });
    expect((await overview(london)).streak).toMatchObject({ current: 1, best: 2, studiedToday: true });

    // Sydney falls back at 16:00 UTC on 4 April (UTC+11 → UTC+10): 13:30 UTC on the 5th is 23:30 that day.
    await completeSession(server, clock, london, sydney, 25, '2026-04-05T13:29:58Z');
    await completeSession(server, clock, london, sydney, 25, '2026-04-06T13:29:58Z');
    clock.set('2026-04-07T01:00:00Z'); // Sydney: 11:00 on the 7th
    const days = await chartDays(sydney);
    expect(Object.keys(days).slice(-2)).toEqual(['2026-04-05', '2026-04-06']);
    expect((await overview(sydney)).streak).toMatchObject({ current: 2, studiedToday: false });
    await Promise.all([london.close(), sydney.close()]);
  });

  it('totals, completion rate, longest session and goals met', async () => {
    clock.set('2026-04-10T09:00:00Z');
    const ada = await studentIn(server, 'UTC', 'ada');
    const ben = await studentIn(server, 'UTC', 'ben');
    const first = await completeSession(server, clock, ada, ben, 50, '2026-04-10T10:00:00Z');
    await ada.api.study.checkIn.mutate({ sessionId: first.sessionId, result: 'yes' });
    await ben.api.study.checkIn.mutate({ sessionId: first.sessionId, result: 'partly' });
    // Ada ends the next one after 12 minutes: she quit, Ben's partner ended it.
    const second = await endEarlySession(clock, ada, ben, ada, 12, '2026-04-10T12:00:00Z');
    await ada.api.study.checkIn.mutate({ sessionId: second.sessionId, result: 'no' });
    // Under 5 minutes: not counted at all.
    await endEarlySession(clock, ada, ben, ben, 4, '2026-04-10T13:00:00Z');

    const a = await overview(ada);
    expect(a.totals).toEqual({
      totalMinutes: 62,
      completedSessions: 1,
      endedEarlySessions: 1,
      partnerEndedSessions: 0,
      disconnectedSessions: 0,
      sessions: 2,
      completionRate: 0.5,
      longestSessionMinutes: 50,
    });
    expect(a.goals).toEqual({ met: 1, partly: 0, missed: 1, checkIns: 2 });
    expect((await overview(ben)).totals).toMatchObject({ partnerEndedSessions: 1, endedEarlySessions: 0, sessions: 2 });
    expect((await overview(ben)).goals).toEqual({ met: 0, partly: 1, missed: 0, checkIns: 1 });

    // A brand-new student sees zeros, not errors.
    const fresh = await studentIn(server, 'Pacific/Auckland', 'new');
    const empty = await overview(fresh);
    expect(empty.totals).toMatchObject({ totalMinutes: 0, sessions: 0, completionRate: null });
    expect(empty.streak).toEqual({ current: 0, best: 0, lastStudyDay: null, studiedToday: false });
    expect(empty.achievements.every((achievement) => !achievement.earned)).toBe(true);
    expect(empty.chart.days.every((day) => day.minutes === 0)).toBe(true);
    await Promise.all([ada.close(), ben.close(), fresh.close()]);
  });

  it('the weekly goal follows the setting; changing the zone only changes days from then on', async () => {
    clock.set('2026-04-14T08:00:00Z');
    const ada = await studentIn(server, 'Europe/Berlin', 'ada');
    const ben = await studentIn(server, 'Europe/Berlin', 'ben');
    await completeSession(server, clock, ada, ben, 90, '2026-04-14T09:00:00Z');
    const updated = await ada.api.account.updateSettings.mutate({ weeklyGoalHours: 1 });
    expect(updated).toMatchObject({ weeklyGoalHours: 1, showOnLeaderboard: true, timeZone: 'Europe/Berlin' });
    clock.set('2026-04-15T09:00:00Z');
    expect((await overview(ada)).weeklyGoal).toMatchObject({ hours: 1, goalMinutes: 60, minutes: 90, progress: 1 });

    await ada.api.account.updateSettings.mutate({ timeZone: 'America/Chicago' });
    // 02:00 UTC on the 16th is the 15th in Chicago.
    await completeSession(server, clock, ada, ben, 25, '2026-04-16T02:00:00Z');
    expect(await chartDays(ada)).toEqual({ '2026-04-14': 90, '2026-04-15': 25 });
    expect(await chartDays(ben)).toEqual({ '2026-04-14': 90, '2026-04-16': 25 });
    await Promise.all([ada.close(), ben.close()]);
  });
});

describe('achievements', () => {
  it('are earned once each, dated, and announced live as a stored notification', async () => {
    clock.set('2026-05-01T07:00:00Z');
    const ada = await studentIn(server, 'UTC', 'ada');
    const ben = await studentIn(server, 'UTC', 'ben');
    const inbox = openUserStream(ada);
    await expect.poll(() => inbox.events.length).toBe(1); // hello

    const first = await completeSession(server, clock, ada, ben, 25, '2026-05-01T08:00:00Z');
    await expect.poll(() => inbox.events.filter((event) => event.type === 'notification').length).toBe(1);
    const notice = inbox.events.find((event) => event.type === 'notification');
    expect(notice).toMatchObject({
      notification: { kind: 'achievementEarned', title: 'Achievement earned: First Steps', read: false },
    });
    let view = await overview(ada);
    expect(view.achievements.find((a) => a.key === 'firstSteps')).toMatchObject({
      earned: true,
      earnedOn: '2026-05-01',
      earnedAt: first.endedAt.toISOString(),
    });
    expect(view.achievements.filter((a) => a.earned).map((a) => a.key)).toEqual(['firstSteps']);

    // The sweep wrapping the same session up again (as after a crash) adds nothing.
    await database.db
      .collection('dueSessions')
      .insertOne({ _id: new ObjectId(first.sessionId), warnAt: clock.now(), endsAt: clock.now() });
    await server.jobs.runNow('study-sweep');
    view = await overview(ada);
    expect(view.totals).toMatchObject({ totalMinutes: 25, completedSessions: 1 });
    expect((await ada.api.leaderboard.get.query({ board: 'all' })).me).toMatchObject({
      minutes: 25,
      completedSessions: 1,
    });
    expect((await ada.api.notifications.list.query({})).items).toHaveLength(1);

    // Seven days in a row, two 90-minute sessions a day: every other achievement falls in turn.
    for (let day = 2; day <= 8; day += 1) {
      const date = `2026-05-0${day}`;
      await completeSession(server, clock, ada, ben, 90, `${date}T09:00:00Z`);
      await completeSession(server, clock, ada, ben, 90, `${date}T14:00:00Z`);
    }
    view = await overview(ada);
    expect(view.totals).toMatchObject({ completedSessions: 15, totalMinutes: 25 + 14 * 90 });
    const earnedOn = Object.fromEntries(view.achievements.map((a) => [a.key, a.earnedOn]));
    expect(earnedOn).toEqual({
      firstSteps: '2026-05-01',
      marathonRunner: '2026-05-02', // the first 90-minute session
      timeMaster: '2026-05-05', // 25 + 7 × 90 = 655 minutes: the first session on the 5th
      studyWarrior: '2026-05-06', // the 10th completed session: the first on the 6th
      streakMaster: '2026-05-07', // the 1st to the 7th
      consistencyKing: '2026-05-08', // 25 + 14 × 90 = 1285 ≥ 1200: the last session
    });
    expect(view.achievements.every((a) => a.earned && a.progress === a.target)).toBe(true);

    await expect.poll(() => inbox.events.filter((event) => event.type === 'notification').length).toBe(6);
    const titles = (await ada.api.notifications.list.query({})).items.map((item) => item.title);
    expect(titles.sort()).toEqual(
      ['Consistency King', 'First Steps', 'Marathon Runner', 'Streak Master', 'Study Warrior', 'Time Master'].map(
        (name) => `Achievement earned: ${name}`,
      ),
    );
    inbox.stop();
    await Promise.all([ada.close(), ben.close()]);
  }, 60_000);
});

describe('reads change nothing', () => {
  it('progress and every board, also in a week nobody has studied yet', async () => {
    clock.set('2026-05-20T09:00:00Z');
    const ada = await studentIn(server, 'Asia/Kathmandu', 'ada');
    const ben = await studentIn(server, 'UTC', 'ben');
    await completeSession(server, clock, ada, ben, 50, '2026-05-20T10:00:00Z');
    const before = await progressState();
    for (const at of ['2026-05-20T12:00:00Z', '2026-06-08T12:00:00Z']) {
      clock.set(at);
      await overview(ada);
      for (const board of ['week', 'month', 'all'] as const) await ada.api.leaderboard.get.query({ board });
      await ada.api.auth.me.query();
    }
    expect(await progressState()).toEqual(before);
    await Promise.all([ada.close(), ben.close()]);
  });
});

describe('settings', () => {
  it('default for new and older accounts', async () => {
    const ada = await studentIn(server, 'UTC', 'ada');
    expect(ada.user).toMatchObject({ weeklyGoalHours: 10, showOnLeaderboard: true });
    // An account from before these settings existed.
    await database.db
      .collection('users')
      .updateOne({ _id: new ObjectId(ada.user.id) }, { $unset: { weeklyGoalHours: '', hideFromLeaderboard: '' } });
    expect(await ada.api.auth.me.query()).toMatchObject({ weeklyGoalHours: 10, showOnLeaderboard: true });
    expect((await overview(ada)).weeklyGoal.hours).toBe(10);
    await ada.close();
  });

  it('bad values are refused with the field named, and nothing is written', async () => {
    const ada = await studentIn(server, 'UTC', 'ada');
    const stored = () => database.db.collection('users').findOne({ username: ada.user.username });
    const before = await stored();
    const goal = 'Choose a whole number of hours from 1 to 80';
    for (const weeklyGoalHours of [0, 81, 2.5, -3]) {
      const error = await errorOf(ada.api.account.updateSettings.mutate({ weeklyGoalHours }));
      expect(error.data?.code).toBe('BAD_REQUEST');
      expect(error.data?.fieldErrors).toEqual({ weeklyGoalHours: [goal] });
    }
    const text = await errorOf(ada.api.account.updateSettings.mutate({ weeklyGoalHours: '10' as unknown as number }));
    expect(text.data?.fieldErrors).toEqual({ weeklyGoalHours: [goal] });
    const flag = await errorOf(
      ada.api.account.updateSettings.mutate({ showOnLeaderboard: 'no' as unknown as boolean }),
    );
    expect(flag.data?.fieldErrors).toEqual({ showOnLeaderboard: ['Choose whether to show you on leaderboards'] });
    // One bad field spoils the lot.
    const mixed = await errorOf(
      ada.api.account.updateSettings.mutate({ timeZone: 'Asia/Tokyo', weeklyGoalHours: 100 }),
    );
    expect(Object.keys(mixed.data?.fieldErrors ?? {})).toEqual(['weeklyGoalHours']);
    expect(await stored()).toEqual(before);
    // Nothing to change is fine, and changes nothing.
    expect(await ada.api.account.updateSettings.mutate({})).toMatchObject({ weeklyGoalHours: 10 });
    expect(await stored()).toEqual(before);
    await ada.close();
  });

  it('signed-out callers are refused', async () => {
    const anonymous = studentClient(server.url);
    expect((await errorOf(anonymous.api.progress.overview.query())).data?.code).toBe('UNAUTHORIZED');
    expect((await errorOf(anonymous.api.account.updateSettings.mutate({ weeklyGoalHours: 5 }))).data?.code).toBe(
      'UNAUTHORIZED',
    );
  });
});
