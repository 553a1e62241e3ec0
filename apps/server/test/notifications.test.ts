import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationView, UserEvent } from '@studysync/api';
import type { Database } from '@studysync/db';
import { errorOf, errorsOf, signedUpStudent, studentClient, type StudentClient } from './support/client';
import { MANUAL_JOBS, REMINDER_JOB, testClock } from './support/planner';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';

type Student = Awaited<ReturnType<typeof signedUpStudent>>;

// Monday 4 March 2030, 06:00 UTC.
const clock = testClock('2030-03-04T06:00:00Z');
let server: TestServer;
let database: Database;

beforeAll(async () => {
  server = await startTestServer({ now: clock.now, env: MANUAL_JOBS });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

/** What `account.events` delivered: the envelope's id (the resume point) with the event. */
function openStream(client: StudentClient, lastEventId?: string) {
  const received: { id: string; event: UserEvent }[] = [];
  const subscription = client.api.account.events.subscribe(lastEventId ? { lastEventId } : undefined, {
    onData: (item) => received.push({ id: item.id, event: item.data }),
  });
  const notifications = () =>
    received.flatMap(({ id, event }) => (event.type === 'notification' ? [{ id, ...event }] : []));
  return {
    received,
    notifications,
    /** Resolves once `count` notifications have arrived (no timed assertions: it polls until they do). */
    async waitForNotifications(count: number) {
      await expect.poll(() => notifications().length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(count);
    },
    async waitFor(type: UserEvent['type']) {
      await expect
        .poll(() => received.some(({ event }) => event.type === type), { timeout: 10_000, interval: 20 })
        .toBe(true);
    },
    stop: () => subscription.unsubscribe(),
  };
}

/**
 * Gives the student exactly `count` new notifications: quizzes due today each say "Developing
 * starts today" at 08:00 (their only stage), then get finished so they say nothing more.
 * Time only moves forward, one day per call.
 */
let day = 4;
async function notify(student: Student, count: number): Promise<void> {
  const date = `2030-03-${String(day).padStart(2, '0')}`;
  clock.set(`${date}T06:00:00Z`);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(
      (await student.api.planner.create.mutate({ name: `Quiz ${day}.${i}`, dueDate: date, timeZone: 'UTC' })).id,
    );
  }
  clock.set(`${date}T08:00:00Z`);
  await server.jobs.runNow(REMINDER_JOB);
  for (const assessmentId of ids) {
    const view = await student.api.planner.addSubtask.mutate({ assessmentId, stageIndex: 2, title: 'Revise' });
    await student.api.planner.setSubtaskDone.mutate({
      assessmentId,
      subtaskId: view.stages[2]?.subtasks[0]?.id ?? '',
      done: true,
    });
  }
  day += 1;
}

describe('live delivery', () => {
  it('pushes a reminder to every open tab of the student as it is made, with the unread count', async () => {
    const student = await signedUpStudent(server.url, 'na');
    const tabs = [openStream(student), openStream(student)];
    await Promise.all(tabs.map((tab) => tab.waitFor('hello')));
    // The first event carries the resume point: no notification yet.
    expect(tabs[0]?.received[0]?.id).toBe(`${student.user.id}:0000000000`);

    await notify(student, 1);
    for (const tab of tabs) {
      await tab.waitForNotifications(1);
      expect(tab.notifications()).toEqual([
        {
          id: `${student.user.id}:0000000001`,
          type: 'notification',
          unreadCount: 1,
          notification: {
            id: `${student.user.id}:0000000001`,
            kind: 'stageStarts',
            title: 'Developing starts today',
            body: 'Quiz 4.0: Developing, Mon 4 Mar.',
            assessmentId: expect.stringMatching(/^[0-9a-f]{24}$/),
            stageIndex: 2,
            createdAt: '2030-03-04T08:00:00.000Z',
            read: false,
          },
        },
      ]);
      tab.stop();
    }
    expect(await student.api.notifications.unreadCount.query()).toBe(1);
    await student.close();
  });

  it('on reconnect with lastEventId, delivers what was missed, then live ones, without duplicates', async () => {
    const student = await signedUpStudent(server.url, 'nb');
    const first = openStream(student);
    await notify(student, 1);
    await first.waitForNotifications(1);
    const lastEventId = first.received.at(-1)?.id ?? '';
    first.stop();

    // Missed while away.
    await notify(student, 2);
    const again = openStream(student, lastEventId);
    await again.waitForNotifications(2);
    await notify(student, 1);
    await again.waitForNotifications(3);
    const ids = again.notifications().map((item) => item.notification.id);
    expect(ids).toEqual([2, 3, 4].map((seq) => `${student.user.id}:${String(seq).padStart(10, '0')}`));
    // Every event's id is the resume point: the latest notification delivered so far.
    expect(again.received.map(({ id }) => id)).toEqual([lastEventId, ...ids]);
    again.stop();

    // A stream resumed from the very latest gets nothing old.
    const upToDate = openStream(student, ids.at(-1));
    await upToDate.waitFor('hello');
    await notify(student, 1);
    await upToDate.waitForNotifications(1);
    expect(upToDate.notifications().map((item) => item.notification.id)).toEqual([`${student.user.id}:0000000005`]);
    upToDate.stop();

    // Someone else's id, or nonsense, resumes nothing: the stream starts afresh.
    const other = await signedUpStudent(server.url, 'nc');
    const foreign = openStream(other, lastEventId);
    await foreign.waitFor('hello');
    expect(foreign.received[0]?.id).toBe(`${other.user.id}:0000000000`);
    foreign.stop();
    await Promise.all([student.close(), other.close()]);
  });
});

describe('the notification list', () => {
  let student: Student;
  let all: NotificationView[];

  beforeAll(async () => {
    student = await signedUpStudent(server.url, 'nd');
    await notify(student, 3);
    await notify(student, 2);
    all = (await student.api.notifications.list.query({ limit: 50 })).items;
  });
  afterAll(() => student.close());

  it('lists newest first, a page at a time', async () => {
    expect(all.map((item) => item.id)).toEqual(
      [5, 4, 3, 2, 1].map((seq) => `${student.user.id}:${String(seq).padStart(10, '0')}`),
    );
    const first = await student.api.notifications.list.query({ limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual(all.slice(0, 2).map((item) => item.id));
    expect(first.unreadCount).toBe(5);
    const second = await student.api.notifications.list.query({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((item) => item.id)).toEqual(all.slice(2, 4).map((item) => item.id));
    const third = await student.api.notifications.list.query({ limit: 2, cursor: second.nextCursor });
    expect(third.items.map((item) => item.id)).toEqual(all.slice(4).map((item) => item.id));
    expect(third.nextCursor).toBeNull();
  });

  it('marks one read, then all read, telling open tabs the new count', async () => {
    const stream = openStream(student);
    await stream.waitFor('hello');
    const [newest] = all;
    expect(await student.api.notifications.markRead.mutate({ id: newest?.id ?? '' })).toEqual({ ok: true });
    // Again is fine, and changes nothing.
    expect(await student.api.notifications.markRead.mutate({ id: newest?.id ?? '' })).toEqual({ ok: true });
    expect(await student.api.notifications.unreadCount.query()).toBe(4);
    const page = await student.api.notifications.list.query({});
    expect(page.items.map((item) => item.read)).toEqual([true, false, false, false, false]);

    expect(await student.api.notifications.markAllRead.mutate()).toEqual({ ok: true });
    expect(await student.api.notifications.unreadCount.query()).toBe(0);
    expect((await student.api.notifications.list.query({})).items.every((item) => item.read)).toBe(true);
    await expect
      .poll(() =>
        stream.received.flatMap(({ event }) => (event.type === 'notificationsChanged' ? [event.unreadCount] : [])),
      )
      .toEqual([4, 0]);
    stream.stop();

    // New ones after "mark all read" are unread.
    await notify(student, 1);
    expect(await student.api.notifications.unreadCount.query()).toBe(1);
    all = (await student.api.notifications.list.query({ limit: 50 })).items;
  });

  it('deletes one', async () => {
    const [newest, second] = all;
    expect(await student.api.notifications.delete.mutate({ id: newest?.id ?? '' })).toEqual({ ok: true });
    expect(await student.api.notifications.unreadCount.query()).toBe(0);
    const page = await student.api.notifications.list.query({ limit: 1 });
    expect(page.items.map((item) => item.id)).toEqual([second?.id]);
    const again = await errorOf(student.api.notifications.delete.mutate({ id: newest?.id ?? '' }));
    expect(again.data?.code).toBe('NOT_FOUND');
    expect((await errorOf(student.api.notifications.markRead.mutate({ id: newest?.id ?? '' }))).data?.code).toBe(
      'NOT_FOUND',
    );
  });

  it("treats another student's notifications as if they did not exist", async () => {
    const other = await signedUpStudent(server.url, 'ne');
    const before = await database.db.collection('notifications').find({}).sort({ _id: 1 }).toArray();
    const target = all[2]?.id ?? '';
    for (const error of await errorsOf([
      other.api.notifications.markRead.mutate({ id: target }),
      other.api.notifications.delete.mutate({ id: target }),
    ])) {
      expect(error.data?.code).toBe('NOT_FOUND');
      expect(error.message).toBe('Notification not found');
    }
    expect((await other.api.notifications.list.query({})).items).toEqual([]);
    await other.api.notifications.markAllRead.mutate();
    expect(await database.db.collection('notifications').find({}).sort({ _id: 1 }).toArray()).toEqual(before);
    expect(await student.api.notifications.unreadCount.query()).toBe(0);
    await other.close();
  });

  it('refuses bad input with a field message', async () => {
    const cases: [Promise<unknown>, string, string][] = [
      [student.api.notifications.markRead.mutate({ id: 'nope' }), 'id', 'Not a valid notification id'],
      [student.api.notifications.delete.mutate({ id: `${student.user.id}:1` }), 'id', 'Not a valid notification id'],
      [student.api.notifications.list.query({ limit: 0 }), 'limit', 'Limit must be 1-50'],
      [student.api.notifications.list.query({ limit: 51 }), 'limit', 'Limit must be 1-50'],
      [student.api.notifications.list.query({ cursor: 'x' }), 'cursor', 'Not a valid cursor'],
    ];
    const errors = await errorsOf(cases.map(([call]) => call));
    for (const [index, [, field, message]] of cases.entries()) {
      const error = errors[index];
      expect(error?.data?.code).toBe('BAD_REQUEST');
      expect(error?.data?.fieldErrors?.[field]).toEqual([message]);
    }
  });

  it('goes with its assessment when that is deleted', async () => {
    const list = await student.api.planner.list.query();
    const withNotifications = list.filter((assessment) => all.some((item) => item.assessmentId === assessment.id));
    const before = (await student.api.notifications.list.query({ limit: 50 })).items.length;
    const [doomed] = withNotifications;
    await student.api.planner.delete.mutate({ assessmentId: doomed?.id ?? '' });
    const after = (await student.api.notifications.list.query({ limit: 50 })).items;
    expect(after.some((item) => item.assessmentId === doomed?.id)).toBe(false);
    expect(after.length).toBeLessThan(before);
  });

  it('refuses anonymous callers', async () => {
    const anonymous = studentClient(server.url);
    expect((await errorOf(anonymous.api.notifications.list.query({}))).data?.code).toBe('UNAUTHORIZED');
    expect((await errorOf(anonymous.api.notifications.markAllRead.mutate())).data?.code).toBe('UNAUTHORIZED');
  });
});
