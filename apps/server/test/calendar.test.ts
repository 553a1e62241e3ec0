import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@studysync/db';
import { errorOf, signedUpStudent } from './support/client';
import { MANUAL_JOBS, testClock } from './support/planner';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';

type Student = Awaited<ReturnType<typeof signedUpStudent>>;

const clock = testClock('2030-03-04T06:00:00Z');
let server: TestServer;
let database: Database;
let student: Student;

beforeAll(async () => {
  server = await startTestServer({ now: clock.now, env: MANUAL_JOBS });
  database = await openTestDatabase(server.dbName);
  student = await signedUpStudent(server.url, 'ca');
});
afterAll(async () => {
  await student.close();
  await database.client.close();
  await server.close();
});

/** Parses an .ics body with ical.js, as a calendar app would, into plain event facts. */
function parseEvents(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return {
    name: calendar.getFirstPropertyValue('x-wr-calname'),
    events: calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component);
      return {
        uid: event.uid,
        summary: event.summary,
        start: event.startDate.toString(),
        end: event.endDate.toString(),
        allDay: event.startDate.isDate,
        description: event.description,
      };
    }),
  };
}

describe('calendar feed', () => {
  it('serves the stages as all-day events at an unguessable URL, parsed by a real iCalendar parser', async () => {
    const { id } = await student.api.planner.create.mutate({
      name: 'History essay',
      dueDate: '2030-03-24',
      timeZone: 'UTC',
    });
    await student.api.planner.addSubtask.mutate({
      assessmentId: id,
      stageIndex: 1,
      title: 'Read, "carefully"; take notes',
    });
    const { path } = await student.api.planner.calendarFeed.mutate({ assessmentId: id });
    expect(path).toMatch(/^\/calendar\/[\w-]{43}\.ics$/);
    expect((await student.api.planner.get.query({ assessmentId: id })).calendarFeed).toBe(true);

    // The token is stored only as its hash.
    const token = path.slice('/calendar/'.length, -'.ics'.length);
    const stored = JSON.stringify(await database.db.collection('calendarFeeds').find({}).toArray());
    expect(stored).not.toContain(token);

    // A calendar app sends no cookie.
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const { name, events } = parseEvents(await response.text());
    expect(name).toBe('History essay (StudySync)');
    // DTEND of an all-day event is the day after its last day.
    expect(events.map(({ uid, summary, start, end, allDay }) => ({ uid, summary, start, end, allDay }))).toEqual([
      {
        uid: `${id}-stage-0@studysync`,
        summary: 'Planning and preparation: History essay',
        start: '2030-03-04',
        end: '2030-03-06',
        allDay: true,
      },
      {
        uid: `${id}-stage-1@studysync`,
        summary: 'Research, reading and note-taking: History essay',
        start: '2030-03-06',
        end: '2030-03-13',
        allDay: true,
      },
      {
        uid: `${id}-stage-2@studysync`,
        summary: 'Developing: History essay',
        start: '2030-03-13',
        end: '2030-03-22',
        allDay: true,
      },
      {
        uid: `${id}-stage-3@studysync`,
        summary: 'Reviewing and refining: History essay',
        start: '2030-03-22',
        end: '2030-03-25',
        allDay: true,
      },
      {
        uid: `${id}-due@studysync`,
        summary: 'Due: History essay',
        start: '2030-03-24',
        end: '2030-03-25',
        allDay: true,
      },
    ]);
    expect(events[1]?.description).toBe(
      'Stage 2 of 4 for History essay, due 2030-03-24.\n0 of 1 subtasks done.\n[ ] Read, "carefully"; take notes',
    );

    // It follows the plan as it changes.
    await student.api.planner.moveStageEnd.mutate({ assessmentId: id, stageIndex: 1, endDate: '2030-03-15' });
    const moved = parseEvents(await (await fetch(`${server.url}${path}`)).text());
    expect(moved.events[1]).toMatchObject({ start: '2030-03-06', end: '2030-03-16' });
    expect((await fetch(`${server.url}${path}`, { method: 'HEAD' })).status).toBe(200);
  });

  it('leaves out stages without days', async () => {
    const { id } = await student.api.planner.create.mutate({ name: 'Quiz', dueDate: '2030-03-05', timeZone: 'UTC' });
    const { path } = await student.api.planner.calendarFeed.mutate({ assessmentId: id });
    const { events } = parseEvents(await (await fetch(`${server.url}${path}`)).text());
    expect(events.map((event) => event.summary)).toEqual([
      'Research, reading and note-taking: Quiz',
      'Developing: Quiz',
      'Due: Quiz',
    ]);
  });

  it('rotates (the old link stops working) and revokes', async () => {
    const { id } = await student.api.planner.create.mutate({
      name: 'Lab report',
      dueDate: '2030-04-01',
      timeZone: 'UTC',
    });
    const first = await student.api.planner.calendarFeed.mutate({ assessmentId: id });
    const second = await student.api.planner.calendarFeed.mutate({ assessmentId: id });
    expect(second.path).not.toBe(first.path);
    expect((await fetch(`${server.url}${first.path}`)).status).toBe(404);
    expect((await fetch(`${server.url}${second.path}`)).status).toBe(200);

    const revoked = await student.api.planner.revokeCalendarFeed.mutate({ assessmentId: id });
    expect(revoked.calendarFeed).toBe(false);
    expect((await fetch(`${server.url}${second.path}`)).status).toBe(404);
  });

  it('stops when the assessment is deleted, and answers 404 to made-up links', async () => {
    const { id } = await student.api.planner.create.mutate({ name: 'Gone', dueDate: '2030-04-01', timeZone: 'UTC' });
    const { path } = await student.api.planner.calendarFeed.mutate({ assessmentId: id });
    await student.api.planner.delete.mutate({ assessmentId: id });
    expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    for (const madeUp of ['/calendar/abc.ics', `/calendar/${'A'.repeat(43)}.ics`, '/calendar/', '/calendar/x/y.ics']) {
      expect((await fetch(`${server.url}${madeUp}`)).status).toBe(404);
    }
  });

  it("refuses to make a link for another student's assessment", async () => {
    const { id } = await student.api.planner.create.mutate({ name: 'Mine', dueDate: '2030-04-01', timeZone: 'UTC' });
    const other = await signedUpStudent(server.url, 'cb');
    const before = await database.db.collection('calendarFeeds').countDocuments();
    expect((await errorOf(other.api.planner.calendarFeed.mutate({ assessmentId: id }))).data?.code).toBe('NOT_FOUND');
    expect(await database.db.collection('calendarFeeds').countDocuments()).toBe(before);
    await other.close();
  });
});
