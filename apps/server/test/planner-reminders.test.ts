import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@studysync/api';
import type { Database } from '@studysync/db';
import { signedUpStudent } from './support/client';
import { deliveredNotifications, MANUAL_JOBS, REMINDER_JOB, testClock } from './support/planner';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';

type Student = Awaited<ReturnType<typeof signedUpStudent>>;

/** Reminder keys are `<assessmentId>:<stage index | due>:<kind>`; tests name them by their tail. */
const tails = (notifications: { reminderKey: string }[], assessmentId: string) =>
  notifications
    .filter((notification) => notification.reminderKey.startsWith(`${assessmentId}:`))
    .map((notification) => notification.reminderKey.slice(assessmentId.length + 1))
    .sort();

describe('the reminder scheduler', () => {
  // Monday 4 March 2030, 06:00 UTC.
  const clock = testClock('2030-03-04T06:00:00Z');
  let server: TestServer;
  let database: Database;
  let student: Student;

  beforeAll(async () => {
    server = await startTestServer({ now: clock.now, env: MANUAL_JOBS });
    database = await openTestDatabase(server.dbName);
    student = await signedUpStudent(server.url, 'ra');
  });
  afterAll(async () => {
    await student.close();
    await database.client.close();
    await server.close();
  });

  const runAt = async (iso: string) => {
    clock.set(iso);
    await server.jobs.runNow(REMINDER_JOB);
    return deliveredNotifications(database);
  };

  it('says each thing once, at 08:00 on its day in the student’s zone, and not about finished stages', async () => {
    // Stages: planning 4-5 Mar, research 6-12, developing 13-21, reviewing 22-24.
    const { id } = await student.api.planner.create.mutate({ name: 'Essay', dueDate: '2030-03-24', timeZone: 'UTC' });

    expect(tails(await runAt('2030-03-04T07:59:00Z'), id)).toEqual([]);
    expect(tails(await runAt('2030-03-04T08:00:00Z'), id)).toEqual(['0:stageDueTomorrow', '0:stageStarts']);
    const titles = (await deliveredNotifications(database)).map((notification) => notification.title).sort();
    expect(titles).toEqual(['Planning and preparation is due tomorrow', 'Planning and preparation starts today']);

    // Running again, or many times, changes nothing.
    expect(tails(await runAt('2030-03-04T12:00:00Z'), id)).toHaveLength(2);
    expect(tails(await runAt('2030-03-06T08:30:00Z'), id)).toEqual([
      '0:stageDueTomorrow',
      '0:stageOverdue',
      '0:stageStarts',
      '1:stageStarts',
    ]);
    // Research gets a subtask, ticked: its "due tomorrow" and "overdue" have nothing left to say.
    const withTask = await student.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 1, title: 'Read' });
    await student.api.planner.setSubtaskDone.mutate({
      assessmentId: id,
      subtaskId: withTask.stages[1]?.subtasks[0]?.id ?? '',
      done: true,
    });
    expect(tails(await runAt('2030-03-13T09:00:00Z'), id)).toEqual([
      '0:stageDueTomorrow',
      '0:stageOverdue',
      '0:stageStarts',
      '1:stageStarts',
      '2:stageStarts',
    ]);
    expect(tails(await runAt('2030-03-21T08:00:00Z'), id)).toEqual([
      '0:stageDueTomorrow',
      '0:stageOverdue',
      '0:stageStarts',
      '1:stageStarts',
      '2:stageDueTomorrow',
      '2:stageStarts',
      'due:assessmentDueSoon',
    ]);
    const dueSoon = (await deliveredNotifications(database)).find((notification) =>
      notification.reminderKey.endsWith('due:assessmentDueSoon'),
    );
    expect(dueSoon?.title).toBe('Essay is due in 3 days');
  });

  it('follows a moved stage end: its reminders move with it', async () => {
    // Time only moves forward: this one is planned in April. Research runs 3-9 April.
    clock.set('2030-04-01T06:00:00Z');
    const { id } = await student.api.planner.create.mutate({ name: 'Report', dueDate: '2030-04-21', timeZone: 'UTC' });
    // Research now ends on 17 April: "due tomorrow" on the 16th, developing starts on the 18th.
    await student.api.planner.moveStageEnd.mutate({ assessmentId: id, stageIndex: 1, endDate: '2030-04-17' });
    expect(tails(await runAt('2030-04-08T09:00:00Z'), id)).not.toContain('1:stageDueTomorrow');
    expect(tails(await runAt('2030-04-16T09:00:00Z'), id)).toContain('1:stageDueTomorrow');
    expect(tails(await runAt('2030-04-17T09:00:00Z'), id)).not.toContain('2:stageStarts');
    expect(tails(await runAt('2030-04-18T09:00:00Z'), id)).toContain('2:stageStarts');
  });

  it('sends nothing for an assessment deleted before its moments', async () => {
    clock.set('2030-04-25T06:00:00Z');
    // A fresh sign-in: the first one has expired by now.
    const later = await signedUpStudent(server.url, 'rb');
    const { id } = await later.api.planner.create.mutate({ name: 'Gone', dueDate: '2030-05-10', timeZone: 'UTC' });
    await later.api.planner.delete.mutate({ assessmentId: id });
    expect(tails(await runAt('2030-05-11T09:00:00Z'), id)).toEqual([]);
    await later.close();
  });
});

describe('exactly once', () => {
  it('with two servers running the scheduler at the same moment', async () => {
    const clock = testClock('2030-03-04T06:00:00Z');
    const bus = new InProcessEventBus();
    const a = await startTestServer({ now: clock.now, env: MANUAL_JOBS, bus });
    const b = await startTestServer({ now: clock.now, env: MANUAL_JOBS, bus, dbName: a.dbName });
    const database = await openTestDatabase(a.dbName);
    try {
      const students = await Promise.all([signedUpStudent(a.url, 'xa'), signedUpStudent(b.url, 'xb')]);
      const ids: string[] = [];
      for (const student of students) {
        for (const dueDate of ['2030-03-12', '2030-03-20', '2030-03-09']) {
          ids.push((await student.api.planner.create.mutate({ name: `Due ${dueDate}`, dueDate, timeZone: 'UTC' })).id);
        }
      }
      // Several moments have passed; both servers sweep at once, twice over.
      clock.set('2030-03-08T10:00:00Z');
      await Promise.all([a.jobs.runNow(REMINDER_JOB), b.jobs.runNow(REMINDER_JOB)]);
      await Promise.all([a.jobs.runNow(REMINDER_JOB), b.jobs.runNow(REMINDER_JOB)]);

      const delivered = await deliveredNotifications(database);
      const keys = delivered.map((notification) => notification.reminderKey);
      expect(new Set(keys).size).toBe(keys.length);
      // The one due on the 9th (stages of 1, 2, 2 and 1 days from the 4th) has had these moments;
      // planning's "due tomorrow" fell on the 3rd, before it was made, so it never goes out.
      expect(tails(delivered, ids[2] ?? '')).toEqual([
        '0:stageOverdue',
        '0:stageStarts',
        '1:stageDueTomorrow',
        '1:stageOverdue',
        '1:stageStarts',
        '2:stageDueTomorrow',
        '2:stageStarts',
        '3:stageDueTomorrow',
        'due:assessmentDueSoon',
      ]);
      // Every student's notifications are numbered 1..n with no number used twice.
      for (const student of students) {
        const own = delivered.filter((notification) => notification.id.startsWith(`${student.user.id}:`));
        expect(own.map((notification) => Number(notification.id.split(':')[1])).sort((x, y) => x - y)).toEqual(
          own.map((_, index) => index + 1),
        );
        const list = await student.api.notifications.list.query({ limit: 50 });
        expect(list.items).toHaveLength(own.length);
        expect(list.unreadCount).toBe(own.length);
      }
      await Promise.all(students.map((student) => student.close()));
    } finally {
      await database.client.close();
      await b.close();
      await a.close();
    }
  });

  it('after downtime: a new server catches up on every moment it missed, once each', async () => {
    const clock = testClock('2030-03-04T06:00:00Z');
    const first = await startTestServer({ now: clock.now, env: MANUAL_JOBS });
    const database = await openTestDatabase(first.dbName);
    const student = await signedUpStudent(first.url, 'dt');
    const { id } = await student.api.planner.create.mutate({ name: 'Thesis', dueDate: '2030-03-24', timeZone: 'UTC' });
    await first.jobs.runNow(REMINDER_JOB);
    expect(tails(await deliveredNotifications(database), id)).toEqual([]);
    await first.close();

    // Down for eight days, across six reminder moments.
    clock.set('2030-03-12T12:00:00Z');
    const second = await startTestServer({ now: clock.now, env: MANUAL_JOBS, dbName: first.dbName });
    try {
      // Its start-up run has caught up already.
      const delivered = await deliveredNotifications(database);
      expect(tails(delivered, id)).toEqual([
        '0:stageDueTomorrow',
        '0:stageOverdue',
        '0:stageStarts',
        '1:stageDueTomorrow',
        '1:stageStarts',
      ]);
      // Late ones say what is true now, not "today".
      expect(delivered.map((notification) => notification.title).sort()).toEqual([
        'Planning and preparation is overdue',
        'Planning and preparation started on Mon 4 Mar',
        'Planning and preparation was due on Tue 5 Mar',
        'Research, reading and note-taking is due today',
        'Research, reading and note-taking started on Wed 6 Mar',
      ]);
      await second.jobs.runNow(REMINDER_JOB);
      expect(await deliveredNotifications(database)).toHaveLength(5);
    } finally {
      await student.close();
      await database.client.close();
      await second.close();
    }
  });
});
