import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@studysync/api';
import {
  PROGRESS_COLLECTION,
  type BoardDoc,
  type BoardMembersDoc,
  type BoardRangeDoc,
  type Database,
  type ProgressDoc,
} from '@studysync/db';
import { errorOf, studentClient } from './support/client';
import {
  completeSession,
  endEarlySession,
  fakeClock,
  openBoardStream,
  pair,
  PROGRESS_ENV,
  studentIn,
  type FakeClock,
  type Student,
} from './support/progress';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { MINUTE_MS } from './support/study';

/** Each test gets its own database, so the all-time board starts empty. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshServer(
  start: string,
  options: { dbName?: string; bus?: InProcessEventBus; clock?: FakeClock } = {},
) {
  const clock = options.clock ?? fakeClock(start);
  const server = await startTestServer({
    env: PROGRESS_ENV,
    now: clock.now,
    ...(options.dbName ? { dbName: options.dbName } : {}),
    ...(options.bus ? { bus: options.bus } : {}),
  });
  cleanups.push(() => server.close());
  return { clock, server };
}

async function students(server: TestServer, count: number, prefix: string): Promise<Student[]> {
  const list = await Promise.all(Array.from({ length: count }, () => studentIn(server, 'UTC', prefix)));
  cleanups.push(async () => {
    await Promise.all(list.map((student) => student.close()));
  });
  return list;
}

const names = (rows: { username: string }[]) => rows.map((row) => row.username);
const byId = (a: Student, b: Student) => (a.user.id < b.user.id ? -1 : 1);
/** Two partners tie on everything: the board orders them by id. */
const tied = (a: Student, b: Student) => [a, b].sort(byId).map((s) => s.user.username);

describe('the boards', () => {
  it('week, month and all time: equal minutes share a rank and medal, rows by completed sessions then earliest, everyone’s own rank', async () => {
    const { server, clock } = await freshServer('2026-04-30T08:00:00Z');
    const [a, b, c, d, e, f, g, h, i, j] = (await students(server, 10, 'b')) as [
      Student,
      Student,
      Student,
      Student,
      Student,
      Student,
      Student,
      Student,
      Student,
      Student,
    ];
    // Last week (and last month): 90 minutes for I and J.
    await completeSession(server, clock, i, j, 90, '2026-04-30T10:00:00Z');
    // This week (ISO week 19, from Monday 4 May).
    await endEarlySession(clock, c, d, c, 25, '2026-05-05T08:30:00Z', 50); // 25 minutes, first, but not completed
    await completeSession(server, clock, a, b, 25, '2026-05-05T09:00:00Z'); // 25, completed
    await completeSession(server, clock, e, f, 25, '2026-05-05T10:00:00Z'); // 25, completed, later than A and B
    await completeSession(server, clock, g, h, 50, '2026-05-06T09:00:00Z'); // 50

    clock.set('2026-05-07T12:00:00Z');
    const week = await a.api.leaderboard.get.query({ board: 'week' });
    expect(week).toMatchObject({
      board: 'week',
      periodId: 'week:2026-W19',
      label: 'Week 19, 2026',
      startsAt: '2026-05-04T00:00:00.000Z',
      endsAt: '2026-05-11T00:00:00.000Z',
      ranked: 8,
    });
    expect(names(week.top)).toEqual([...tied(g, h), ...tied(a, b), ...tied(e, f), ...tied(c, d)]);
    expect(week.top.map((row) => [row.rank, row.minutes, row.completedSessions, row.medal])).toEqual([
      // Equal minutes share a rank (and its medal); completed sessions, then who was first, only order the rows.
      [1, 50, 1, 'gold'],
      [1, 50, 1, 'gold'],
      [3, 25, 1, 'bronze'],
      [3, 25, 1, 'bronze'],
      [3, 25, 1, 'bronze'],
      [3, 25, 1, 'bronze'],
      [3, 25, 0, 'bronze'],
      [3, 25, 0, 'bronze'],
    ]);
    // Everyone sees their own row; I and J did not study this week.
    for (const student of [a, b, c, d, e, f, g, h]) {
      const { me } = await student.api.leaderboard.get.query({ board: 'week' });
      const row = week.top.find((r) => r.username === student.user.username);
      expect(me).toEqual({
        rank: row?.rank,
        minutes: row?.minutes,
        completedSessions: row?.completedSessions,
        hidden: false,
      });
    }
    expect((await i.api.leaderboard.get.query({ board: 'week' })).me).toEqual({
      rank: null,
      minutes: 0,
      completedSessions: 0,
      hidden: false,
    });

    const month = await a.api.leaderboard.get.query({ board: 'month' });
    expect(month).toMatchObject({ periodId: 'month:2026-05', label: 'May 2026', ranked: 8 });
    expect(names(month.top)).toEqual(names(week.top));
    const all = await i.api.leaderboard.get.query({ board: 'all' });
    expect(all).toMatchObject({ periodId: 'all', label: 'All time', startsAt: null, endsAt: null, ranked: 10 });
    expect(names(all.top)).toEqual([...tied(i, j), ...names(week.top)]);
    expect(all.me).toMatchObject({ rank: all.top.findIndex((r) => r.username === i.user.username) + 1, minutes: 90 });
  });

  it('hidden students are not shown and take no rank; showing again puts them back', async () => {
    const { server, clock } = await freshServer('2026-05-18T08:00:00Z');
    const [k, l, m, n] = (await students(server, 4, 'h')) as [Student, Student, Student, Student];
    expect(await k.api.account.updateSettings.mutate({ showOnLeaderboard: false })).toMatchObject({
      showOnLeaderboard: false,
    });
    await completeSession(server, clock, k, l, 50, '2026-05-18T09:00:00Z');
    await completeSession(server, clock, m, n, 25, '2026-05-18T10:00:00Z');

    let board = await m.api.leaderboard.get.query({ board: 'week' });
    expect(names(board.top)).toEqual([l.user.username, ...tied(m, n)]);
    expect(board.ranked).toBe(3);
    // K still sees their own figures, marked hidden, without a rank.
    expect((await k.api.leaderboard.get.query({ board: 'week' })).me).toEqual({
      rank: null,
      minutes: 50,
      completedSessions: 1,
      hidden: true,
    });
    expect((await k.api.progress.overview.query()).totals.totalMinutes).toBe(50);

    // L hides: M and N move up.
    await l.api.account.updateSettings.mutate({ showOnLeaderboard: false });
    board = await m.api.leaderboard.get.query({ board: 'week' });
    expect(names(board.top)).toEqual(tied(m, n));
    expect(board.top.map((row) => row.rank)).toEqual([1, 1]);
    expect((await l.api.leaderboard.get.query({ board: 'all' })).me).toMatchObject({ rank: null, hidden: true });
    // A hidden student's new session stays off the boards too.
    await completeSession(server, clock, k, l, 25, '2026-05-19T09:00:00Z');
    expect((await m.api.leaderboard.get.query({ board: 'all' })).ranked).toBe(2);

    // Back again, at the rank their minutes earn (75 each, ahead of 25).
    await k.api.account.updateSettings.mutate({ showOnLeaderboard: true });
    await l.api.account.updateSettings.mutate({ showOnLeaderboard: true });
    for (const kind of ['week', 'month', 'all'] as const) {
      board = await m.api.leaderboard.get.query({ board: kind });
      expect(names(board.top)).toEqual([...tied(k, l), ...tied(m, n)]);
      expect(board.ranked).toBe(4);
    }
    expect((await k.api.leaderboard.get.query({ board: 'week' })).me).toMatchObject({ minutes: 75, hidden: false });
    // Saving the same setting again changes nothing.
    const version = board.version;
    await k.api.account.updateSettings.mutate({ showOnLeaderboard: true });
    expect((await m.api.leaderboard.get.query({ board: 'all' })).version).toBe(version);
  });

  it('a student far down sees their own rank and minutes beyond the top 50', async () => {
    const { server, clock } = await freshServer('2026-06-01T08:00:00Z');
    const list = await students(server, 54, 'r');
    const pairs = Array.from(
      { length: 27 },
      (_, index) => [list[2 * index], list[2 * index + 1]] as [Student, Student],
    );
    const start = new Date('2026-06-02T09:00:00Z');
    clock.set(start);
    const sessions = [];
    for (const [first, second] of pairs) sessions.push(await pair(first, second, 90));
    // Pair k studies 5 + k minutes: the last pair most.
    for (const [index, [first]] of pairs.entries()) {
      clock.set(new Date(start.getTime() + (5 + index) * MINUTE_MS));
      await first.api.study.endEarly.mutate({ sessionId: sessions[index] ?? '' });
    }

    const [low1, low2] = pairs[0] ?? [];
    if (!low1 || !low2) throw new Error('pairs');
    const board = await low1.api.leaderboard.get.query({ board: 'week' });
    expect(board.ranked).toBe(54);
    expect(board.top).toHaveLength(50);
    expect(board.top[0]?.minutes).toBe(31);
    // Row 50 is one of the 7-minute pair, ranked with its partner after the 48 with more.
    expect(board.top.at(-1)).toMatchObject({ rank: 49, minutes: 7 });
    const rankOf = async (student: Student) => (await student.api.leaderboard.get.query({ board: 'week' })).me;
    expect(await rankOf(low1)).toEqual({ rank: 53, minutes: 5, completedSessions: 0, hidden: false });
    expect(await rankOf(low2)).toMatchObject({ rank: 53, minutes: 5 });
    const [six1, six2] = pairs[1] ?? [];
    if (!six1 || !six2) throw new Error('pairs');
    expect([(await rankOf(six1)).rank, (await rankOf(six2)).rank]).toEqual([51, 51]);

    // Someone at the top hides: everyone below moves up one, and the list stays 50 long.
    const [top1] = pairs[26] ?? [];
    await top1?.api.account.updateSettings.mutate({ showOnLeaderboard: false });
    const after = await low1.api.leaderboard.get.query({ board: 'week' });
    expect(after.top).toHaveLength(50);
    expect(after.ranked).toBe(53);
    expect(after.top.at(-1)).toMatchObject({ rank: 50, minutes: 6 });
    expect((await rankOf(low1)).rank).toBe(52);
  }, 60_000);
});

describe('live boards and the calendar', () => {
  it('an open board updates when a session ends, and rolls over to the new week at Monday 00:00 UTC', async () => {
    const { server, clock } = await freshServer('2026-05-31T20:00:00Z'); // a Sunday, the last day of May
    const [viewer, p, q, t, u, r, s] = (await students(server, 7, 'l')) as [
      Student,
      Student,
      Student,
      Student,
      Student,
      Student,
      Student,
    ];
    clock.set('2026-05-31T23:50:00Z');
    const week = openBoardStream(viewer, 'week');
    const month = openBoardStream(viewer, 'month');
    await week.waitFor((data) => data.periodId === 'week:2026-W22');
    expect(week.last()).toMatchObject({ periodId: 'week:2026-W22', version: 0, ranked: 0, top: [] });

    await completeSession(server, clock, p, q, 25, '2026-05-31T23:55:00Z');
    await week.waitFor((data) => data.ranked === 2);
    await month.waitFor((data) => data.periodId === 'month:2026-05' && data.ranked === 2);
    expect(names(week.last()?.top ?? [])).toEqual(tied(p, q));
    expect(week.items.at(-1)?.id).toBe(`week:2026-W22:${week.last()?.version}`);

    // T and U start a second before midnight and finish after it: theirs is next week's.
    clock.set('2026-05-31T23:59:59Z');
    const live = openBoardStream(viewer, 'week'); // this one wakes at the period's end
    await live.waitFor((data) => data.periodId === 'week:2026-W22');
    const sessionId = await pair(t, u, 25);
    clock.set('2026-06-01T00:00:01.001Z');
    await server.jobs.runNow('study-sweep');
    expect((await t.api.study.get.query({ sessionId })).status).toBe('completed');
    await live.waitFor((data) => data.periodId === 'week:2026-W23' && data.ranked === 2);
    expect(names(live.last()?.top ?? [])).toEqual(tied(t, u));

    await completeSession(server, clock, r, s, 50, '2026-06-01T00:01:00Z');
    await live.waitFor((data) => data.periodId === 'week:2026-W23' && data.ranked === 4);
    expect(names(live.last()?.top ?? [])).toEqual([...tied(r, s), ...tied(t, u)]);
    // The old week's board never saw them.
    expect(week.items.every((item) => item.data.periodId !== 'week:2026-W22' || item.data.ranked <= 2)).toBe(true);

    const now = await p.api.leaderboard.get.query({ board: 'week' });
    expect(now).toMatchObject({ periodId: 'week:2026-W23', ranked: 4 });
    expect(now.me).toMatchObject({ rank: null, minutes: 0 });
    expect((await p.api.leaderboard.get.query({ board: 'month' })).periodId).toBe('month:2026-06');
    expect((await p.api.leaderboard.get.query({ board: 'all' })).ranked).toBe(6);
    expect([...week.errors, ...month.errors, ...live.errors]).toEqual([]);
    for (const stream of [week, month, live]) stream.stop();
  });

  it('many pairs ending at once, through two servers, leave every board exact', async () => {
    const dbName = `board_${randomUUID().slice(0, 8)}`;
    const bus = new InProcessEventBus();
    const start = '2026-06-10T09:00:00Z';
    // Two servers on one database, one bus (as replicas share Redis) and one clock.
    const clock = fakeClock(start);
    const one = await freshServer(start, { dbName, bus, clock });
    const two = await freshServer(start, { dbName, bus, clock });
    const database: Database = await openTestDatabase(dbName);
    cleanups.push(() => database.client.close());
    const serverOf = (index: number) => (index % 2 === 0 ? one.server : two.server);
    const list = await Promise.all(
      Array.from({ length: 40 }, (_, index) => studentIn(serverOf(index >> 1), 'UTC', 'c')),
    );
    cleanups.push(async () => {
      await Promise.all(list.map((student) => student.close()));
    });
    const viewer = list[0] as Student;
    const stream = openBoardStream(viewer, 'week');

    // Pair k starts k minutes after the first, so they end with 40 - k minutes each.
    const sessions: { a: Student; b: Student; id: string }[] = [];
    for (let index = 0; index < 20; index += 1) {
      const a = list[2 * index] as Student;
      const b = list[2 * index + 1] as Student;
      clock.set(new Date(Date.parse(start) + index * MINUTE_MS));
      sessions.push({ a, b, id: await pair(a, b, 90) });
    }
    clock.set(new Date(Date.parse(start) + 40 * MINUTE_MS));
    await Promise.all(sessions.map(({ a, id }) => a.api.study.endEarly.mutate({ sessionId: id })));

    const board = await viewer.api.leaderboard.get.query({ board: 'week' });
    expect(board.ranked).toBe(40);
    expect(board.top.map((row) => row.minutes)).toEqual(
      Array.from({ length: 40 }, (_, index) => 40 - Math.floor(index / 2)),
    );
    for (const [index, { a, b }] of sessions.entries()) {
      expect(names(board.top.slice(2 * index, 2 * index + 2))).toEqual(tied(a, b));
    }
    const ranks = await Promise.all(
      list.map(async (student) => (await student.api.leaderboard.get.query({ board: 'week' })).me),
    );
    for (const [index, student] of list.entries()) {
      const row = board.top.find((r) => r.username === student.user.username);
      expect(ranks[index]).toEqual({ rank: row?.rank, minutes: row?.minutes, completedSessions: 0, hidden: false });
    }

    // The stored structure agrees with itself: members, counts, every student's entries.
    for (const slot of ['week', 'month', 'all'] as const) {
      const stored = await database.db.collection<BoardDoc>('boards').findOne({ _id: slot });
      expect(stored?.visible).toBe(40);
      expect(Object.values(stored?.ranges ?? {}).reduce((sum, count) => sum + count, 0)).toBe(40);
      const periodId = stored?.periodId;
      const members = await database.db.collection<BoardMembersDoc>('boardMembers').find({ periodId }).toArray();
      expect(members.reduce((sum, doc) => sum + Object.keys(doc.members).length, 0)).toBe(40);
      const ranges = await database.db.collection<BoardRangeDoc>('boardRanges').find({ periodId }).toArray();
      const counted = ranges.flatMap((doc) => Object.values(doc.counts).flatMap((shards) => Object.values(shards)));
      expect(counted.reduce((sum, count) => sum + count, 0)).toBe(40);
    }
    for (const student of list) {
      const doc = await database.db.collection<ProgressDoc>(PROGRESS_COLLECTION).findOne({ _id: student.user.id });
      for (const entry of Object.values(doc?.boards ?? {})) {
        expect(entry).toMatchObject({ counted: entry.minutes, moving: null });
      }
      expect(Object.keys(doc?.boards ?? {}).sort()).toEqual(['all', 'month', 'week']);
    }
    expect(await database.db.collection('locks').countDocuments()).toBe(0);
    const overview = await list[39]?.api.progress.overview.query();
    expect(overview?.totals.totalMinutes).toBe(21);

    // The open board caught up with the last change, pushed.
    await stream.waitFor((data) => data.ranked === 40 && data.version === board.version);
    expect(stream.last()?.top.map((row) => row.username)).toEqual(names(board.top));
    stream.stop();
  }, 60_000);
});

describe('bad input', () => {
  it('is refused with the field named; signed-out callers are refused', async () => {
    const { server } = await freshServer('2026-06-15T08:00:00Z');
    const [ada] = (await students(server, 1, 'x')) as [Student];
    const bad = await errorOf(ada.api.leaderboard.get.query({ board: 'year' as 'week' }));
    expect(bad.data?.code).toBe('BAD_REQUEST');
    expect(bad.data?.fieldErrors).toEqual({ board: ['Choose week, month or all'] });
    const missing = await errorOf(ada.api.leaderboard.get.query({} as { board: 'week' }));
    expect(missing.data?.fieldErrors).toEqual({ board: ['Choose week, month or all'] });

    const errors: unknown[] = [];
    const subscription = ada.api.leaderboard.live.subscribe(
      { board: 'decade' as 'week' },
      { onData: () => undefined, onError: (error) => errors.push(error) },
    );
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toMatchObject({ data: { code: 'BAD_REQUEST' } });
    subscription.unsubscribe();

    const anonymous = studentClient(server.url);
    expect((await errorOf(anonymous.api.leaderboard.get.query({ board: 'week' }))).data?.code).toBe('UNAUTHORIZED');
    const refused: unknown[] = [];
    const anon = anonymous.api.leaderboard.live.subscribe(
      { board: 'week' },
      { onData: () => undefined, onError: (error) => refused.push(error) },
    );
    await expect.poll(() => refused.length).toBe(1);
    expect(refused[0]).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    anon.unsubscribe();
    await anonymous.close();
  });
});
