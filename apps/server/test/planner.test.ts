import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId, type Database } from '@studysync/db';
import { dateFormatHint } from '@studysync/validators';
import { errorOf, errorsOf, signedUpStudent, studentClient, type StudentClient } from './support/client';
import { MANUAL_JOBS, plannerCounts, testClock } from './support/planner';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';

type Student = Awaited<ReturnType<typeof signedUpStudent>>;

// Monday 4 March 2030, 06:00 UTC.
const clock = testClock('2030-03-04T06:00:00Z');
let server: TestServer;
let database: Database;
let alice: Student;
let bob: Student;

beforeAll(async () => {
  server = await startTestServer({ now: clock.now, env: MANUAL_JOBS });
  database = await openTestDatabase(server.dbName);
  [alice, bob] = await Promise.all([signedUpStudent(server.url, 'pa'), signedUpStudent(server.url, 'pb')]);
});
afterAll(async () => {
  await Promise.all([alice.close(), bob.close()]);
  await database.client.close();
  await server.close();
});

const essay = (client: StudentClient, dueDate = '2030-03-24', name = 'History essay') =>
  client.api.planner.create.mutate({ name, dueDate, timeZone: 'UTC' });

/** Every stored document of the planner, to prove a refused call wrote nothing. */
const snapshot = async () => ({
  counts: await plannerCounts(database),
  assessments: await database.db.collection('plannerAssessments').find({}).sort({ _id: 1 }).toArray(),
});

describe('creating an assessment', () => {
  it('splits the days from today to the due date into four dated stages', async () => {
    const created = await essay(alice);
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'History essay',
      timeZone: 'UTC',
      dueDate: '2030-03-24',
      today: '2030-03-04',
      daysLeft: 20,
      progress: { done: 0, total: 0, percent: 0 },
      calendarFeed: false,
    });
    expect(
      created.stages.map(({ key, name, weight, startDate, endDate, days, status, overdue }) => ({
        key,
        name,
        weight,
        startDate,
        endDate,
        days,
        status,
        overdue,
      })),
    ).toEqual([
      {
        key: 'planning',
        name: 'Planning and preparation',
        weight: 9,
        startDate: '2030-03-04',
        endDate: '2030-03-05',
        days: 2,
        status: 'current',
        overdue: false,
      },
      {
        key: 'research',
        name: 'Research, reading and note-taking',
        weight: 36,
        startDate: '2030-03-06',
        endDate: '2030-03-12',
        days: 7,
        status: 'upcoming',
        overdue: false,
      },
      {
        key: 'developing',
        name: 'Developing',
        weight: 43,
        startDate: '2030-03-13',
        endDate: '2030-03-21',
        days: 9,
        status: 'upcoming',
        overdue: false,
      },
      {
        key: 'reviewing',
        name: 'Reviewing and refining',
        weight: 12,
        startDate: '2030-03-22',
        endDate: '2030-03-24',
        days: 3,
        status: 'upcoming',
        overdue: false,
      },
    ]);
    expect(await alice.api.planner.get.query({ assessmentId: created.id })).toEqual(created);
  });

  it("plans on the student's calendar days: the zone given, else their profile's", async () => {
    // 06:00 UTC is already 19:00 on 4 March in Auckland, and still 3 March in Honolulu.
    const auckland = await alice.api.planner.create.mutate({
      name: 'Maths',
      dueDate: '2030-03-10',
      timeZone: 'Pacific/Auckland',
    });
    expect(auckland.today).toBe('2030-03-04');
    const honolulu = await alice.api.planner.create.mutate({
      name: 'Maths',
      dueDate: '2030-03-10',
      timeZone: 'Pacific/Honolulu',
    });
    expect(honolulu.today).toBe('2030-03-03');
    expect(honolulu.stages[0]?.startDate).toBe('2030-03-03');
    expect(honolulu.stages.reduce((sum, stage) => sum + stage.days, 0)).toBe(8);

    const tokyo = await signedUpStudent(server.url, 'pt');
    await tokyo.api.account.updateSettings.mutate({ timeZone: 'Asia/Tokyo' });
    const fromProfile = await tokyo.api.planner.create.mutate({ name: 'Physics', dueDate: '2030-03-10' });
    expect(fromProfile.timeZone).toBe('Asia/Tokyo');
    expect(fromProfile.today).toBe('2030-03-04');
    await tokyo.close();
  });

  it('gives a span shorter than four days to the heaviest stages', async () => {
    const dueToday = await essay(alice, '2030-03-04', 'Quiz');
    expect(
      dueToday.stages.map((stage) => [stage.key, stage.days, stage.startDate, stage.endDate, stage.status]),
    ).toEqual([
      ['planning', 0, null, null, 'empty'],
      ['research', 0, null, null, 'empty'],
      ['developing', 1, '2030-03-04', '2030-03-04', 'current'],
      ['reviewing', 0, null, null, 'empty'],
    ]);
  });

  it.each([
    ['name', { name: '' }, 'Enter a name'],
    ['name', { name: '    ' }, 'Enter a name'],
    ['name', { name: 'x'.repeat(101) }, 'Name must be at most 100 characters'],
    ['name', { name: 'two\nlines' }, 'Use a single line without control characters'],
    // The example is a month after today (the real one: it is only a hint), never in the past.
    ['dueDate', { dueDate: 'next week' }, dateFormatHint()],
    ['dueDate', { dueDate: '2030-02-30' }, dateFormatHint()],
    ['dueDate', { dueDate: '2030-03-03' }, 'Pick a due date from today (2030-03-04) on'],
    ['dueDate', { dueDate: '2032-03-05' }, 'Pick a due date within the next two years'],
    ['timeZone', { timeZone: 'Mars/Olympus' }, 'Unknown time zone'],
  ])('refuses a bad %s (%j) with a field message and writes nothing', async (field, patch, message) => {
    const before = await snapshot();
    const error = await errorOf(
      alice.api.planner.create.mutate({ name: 'Essay', dueDate: '2030-03-24', timeZone: 'UTC', ...patch }),
    );
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(error.data?.fieldErrors?.[field]).toEqual([message]);
    expect(await snapshot()).toEqual(before);
  });

  it('gives a date in the future as the example of how to write one', () => {
    const today = new Date().toISOString().slice(0, 10);
    const example = /(\d{4}-\d{2}-\d{2})$/.exec(dateFormatHint())?.[1] ?? '';
    expect(example > today).toBe(true);
  });

  it('trims the name', async () => {
    expect((await essay(alice, '2030-04-01', '  Lab report  ')).name).toBe('Lab report');
  });

  it('holds at most 50 assessments per student, even when the last ones arrive at once', async () => {
    const carol = await signedUpStudent(server.url, 'pc');
    // Due today: one stage, few reminders, so quick to make.
    for (let i = 0; i < 47; i += 1) await essay(carol, '2030-03-04', `Assessment ${i}`);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => essay(carol, '2030-03-04', `Racing ${i}`)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    for (const result of results.filter((result) => result.status === 'rejected')) {
      expect(result.reason).toMatchObject({
        data: { code: 'UNPROCESSABLE_CONTENT' },
        message: 'You can plan at most 50 assessments; delete one you have finished to add another',
      });
    }
    const listed = await carol.api.planner.list.query();
    expect(listed).toHaveLength(50);
    // The refused ones left nothing behind.
    expect(
      await database.db.collection('plannerAssessments').countDocuments({ ownerId: new ObjectId(carol.user.id) }),
    ).toBe(50);

    // Deleting one frees a slot.
    await carol.api.planner.delete.mutate({ assessmentId: listed[0]?.id ?? '' });
    await expect(essay(carol, '2030-03-04', 'One more')).resolves.toMatchObject({ name: 'One more' });
    await carol.close();
  });
});

describe('changing an assessment', () => {
  it('renames it', async () => {
    const { id } = await essay(alice);
    const renamed = await alice.api.planner.rename.mutate({ assessmentId: id, name: '  Modern history essay ' });
    expect(renamed.name).toBe('Modern history essay');
    const bad = await errorOf(alice.api.planner.rename.mutate({ assessmentId: id, name: '' }));
    expect(bad.data?.fieldErrors).toEqual({ name: ['Enter a name'] });
    expect((await alice.api.planner.get.query({ assessmentId: id })).name).toBe('Modern history essay');
  });

  it("moves a stage's end date, and the next stage starts the day after", async () => {
    const { id } = await essay(alice);
    const moved = await alice.api.planner.moveStageEnd.mutate({
      assessmentId: id,
      stageIndex: 1,
      endDate: '2030-03-15',
    });
    expect(moved.stages.map((stage) => [stage.startDate, stage.endDate, stage.days])).toEqual([
      ['2030-03-04', '2030-03-05', 2],
      ['2030-03-06', '2030-03-15', 10],
      ['2030-03-16', '2030-03-21', 6],
      ['2030-03-22', '2030-03-24', 3],
    ]);
  });

  it('refuses a stage end that would leave either stage without a day, or that moves the last stage', async () => {
    const { id } = await essay(alice);
    const before = await snapshot();
    for (const endDate of ['2030-03-05', '2030-03-21', '2030-02-01']) {
      const error = await errorOf(alice.api.planner.moveStageEnd.mutate({ assessmentId: id, stageIndex: 1, endDate }));
      expect(error.data?.code).toBe('BAD_REQUEST');
      expect(error.data?.fieldErrors).toEqual({
        endDate: ['Pick an end date from 2030-03-06 to 2030-03-20, so both stages keep at least one day'],
      });
    }
    const last = await errorOf(
      alice.api.planner.moveStageEnd.mutate({ assessmentId: id, stageIndex: 3, endDate: '2030-03-23' }),
    );
    expect(last.data?.fieldErrors).toEqual({
      stageIndex: ['The last stage ends on the due date; change the due date instead'],
    });
    expect(await snapshot()).toEqual(before);
  });

  it('changes the due date: stages are re-planned and subtasks stay in their stage', async () => {
    const { id } = await essay(alice);
    await alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 1, title: 'Read chapter 3' });
    await alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 3, title: 'Proofread' });
    const later = await alice.api.planner.changeDueDate.mutate({ assessmentId: id, dueDate: '2030-04-02' });
    expect(later.dueDate).toBe('2030-04-02');
    // 30 days from the original start: 3, 11, 12, 4.
    expect(later.stages.map((stage) => [stage.startDate, stage.endDate])).toEqual([
      ['2030-03-04', '2030-03-06'],
      ['2030-03-07', '2030-03-17'],
      ['2030-03-18', '2030-03-29'],
      ['2030-03-30', '2030-04-02'],
    ]);
    expect(later.stages.map((stage) => stage.subtasks.map((subtask) => subtask.title))).toEqual([
      [],
      ['Read chapter 3'],
      [],
      ['Proofread'],
    ]);
    const past = await errorOf(alice.api.planner.changeDueDate.mutate({ assessmentId: id, dueDate: '2030-03-01' }));
    expect(past.data?.fieldErrors).toEqual({ dueDate: ['Pick a due date from today (2030-03-04) on'] });
    expect((await alice.api.planner.get.query({ assessmentId: id })).dueDate).toBe('2030-04-02');
  });

  it('deletes it with its stages, subtasks and reminders', async () => {
    const { id } = await essay(alice);
    await alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 0, title: 'Pick a question' });
    expect(
      await database.db
        .collection('reminders')
        .countDocuments({ assessmentId: { $exists: true }, _id: new RegExp(`^${id}:`) }),
    ).toBeGreaterThan(0);
    expect(await alice.api.planner.delete.mutate({ assessmentId: id })).toEqual({ ok: true });
    expect((await errorOf(alice.api.planner.get.query({ assessmentId: id }))).data?.code).toBe('NOT_FOUND');
    expect((await alice.api.planner.list.query()).map((assessment) => assessment.id)).not.toContain(id);
    expect(await database.db.collection('reminders').countDocuments({ _id: new RegExp(`^${id}:`) })).toBe(0);
    expect((await errorOf(alice.api.planner.delete.mutate({ assessmentId: id }))).data?.code).toBe('NOT_FOUND');
  });

  it('lists the student’s own assessments, soonest due first', async () => {
    const dave = await signedUpStudent(server.url, 'pd');
    await essay(dave, '2030-06-01', 'June');
    await essay(dave, '2030-04-01', 'April');
    await essay(dave, '2030-05-01', 'May');
    expect((await dave.api.planner.list.query()).map((assessment) => assessment.name)).toEqual([
      'April',
      'May',
      'June',
    ]);
    await dave.close();
  });
});

describe('subtasks', () => {
  it('adds, renames, ticks with the time, unticks, reorders and deletes them, with progress', async () => {
    const { id } = await essay(alice);
    let view = await alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 1, title: '  Find sources ' });
    view = await alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 1, title: 'Take notes' });
    view = await alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 1, title: 'Outline' });
    const [find, notes, outline] = view.stages[1]?.subtasks ?? [];
    expect(find).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      title: 'Find sources',
      done: false,
      doneAt: null,
      createdAt: '2030-03-04T06:00:00.000Z',
    });

    view = await alice.api.planner.renameSubtask.mutate({
      assessmentId: id,
      subtaskId: notes?.id ?? '',
      title: 'Take careful notes',
    });
    clock.set('2030-03-04T06:30:00Z');
    view = await alice.api.planner.setSubtaskDone.mutate({ assessmentId: id, subtaskId: find?.id ?? '', done: true });
    expect(view.stages[1]?.subtasks[0]).toMatchObject({ done: true, doneAt: '2030-03-04T06:30:00.000Z' });
    expect(view.stages[1]?.progress).toEqual({ done: 1, total: 3, percent: 33 });
    expect(view.progress).toEqual({ done: 1, total: 3, percent: 33 });

    view = await alice.api.planner.moveSubtask.mutate({ assessmentId: id, subtaskId: outline?.id ?? '', toIndex: 0 });
    expect(view.stages[1]?.subtasks.map((subtask) => subtask.title)).toEqual([
      'Outline',
      'Find sources',
      'Take careful notes',
    ]);
    view = await alice.api.planner.moveSubtask.mutate({ assessmentId: id, subtaskId: outline?.id ?? '', toIndex: 99 });
    expect(view.stages[1]?.subtasks.map((subtask) => subtask.title)).toEqual([
      'Find sources',
      'Take careful notes',
      'Outline',
    ]);

    view = await alice.api.planner.setSubtaskDone.mutate({ assessmentId: id, subtaskId: find?.id ?? '', done: false });
    expect(view.stages[1]?.subtasks[0]).toMatchObject({ done: false, doneAt: null });

    view = await alice.api.planner.deleteSubtask.mutate({ assessmentId: id, subtaskId: notes?.id ?? '' });
    expect(view.stages[1]?.subtasks.map((subtask) => subtask.title)).toEqual(['Find sources', 'Outline']);
    for (const subtask of view.stages[1]?.subtasks ?? []) {
      view = await alice.api.planner.setSubtaskDone.mutate({ assessmentId: id, subtaskId: subtask.id, done: true });
    }
    expect(view.stages[1]).toMatchObject({ complete: true, progress: { done: 2, total: 2, percent: 100 } });
    expect(await alice.api.planner.get.query({ assessmentId: id })).toEqual(view);
    clock.set('2030-03-04T06:00:00Z');
  });

  it('keeps both of two changes made at the same moment', async () => {
    const { id } = await essay(alice);
    await Promise.all(
      ['A', 'B', 'C', 'D'].map((title) =>
        alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 2, title }),
      ),
    );
    const view = await alice.api.planner.get.query({ assessmentId: id });
    expect(view.stages[2]?.subtasks.map((subtask) => subtask.title).sort()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('refuses bad input, naming the field, and writes nothing', async () => {
    const { id, stages } = await essay(alice);
    const withOne = await alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 0, title: 'One' });
    const subtaskId = withOne.stages[0]?.subtasks[0]?.id ?? '';
    void stages;
    const before = await snapshot();
    const cases: [Promise<unknown>, string, string][] = [
      [
        alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 0, title: ' ' }),
        'title',
        'Enter a subtask',
      ],
      [
        alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 0, title: 'x'.repeat(201) }),
        'title',
        'Subtask must be at most 200 characters',
      ],
      [
        alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 4, title: 'x' }),
        'stageIndex',
        'Stage must be 0-3',
      ],
      [
        alice.api.planner.addSubtask.mutate({ assessmentId: 'nope', stageIndex: 0, title: 'x' }),
        'assessmentId',
        'Not a valid id',
      ],
      [alice.api.planner.renameSubtask.mutate({ assessmentId: id, subtaskId, title: '' }), 'title', 'Enter a subtask'],
      [
        alice.api.planner.setSubtaskDone.mutate({ assessmentId: id, subtaskId: 'x', done: true }),
        'subtaskId',
        'Not a valid id',
      ],
      [
        alice.api.planner.moveSubtask.mutate({ assessmentId: id, subtaskId, toIndex: -1 }),
        'toIndex',
        'Position must be 0 or more',
      ],
    ];
    const errors = await errorsOf(cases.map(([call]) => call));
    for (const [index, [, field, message]] of cases.entries()) {
      const error = errors[index];
      expect(error?.data?.code).toBe('BAD_REQUEST');
      expect(error?.data?.fieldErrors?.[field]).toEqual([message]);
    }
    const missing = await errorOf(
      alice.api.planner.setSubtaskDone.mutate({ assessmentId: id, subtaskId: '0123456789abcdef01234567', done: true }),
    );
    expect(missing.data?.code).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('holds at most 100 subtasks per stage', async () => {
    const { id } = await essay(alice);
    for (let i = 0; i < 100; i += 1) {
      await alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 2, title: `Step ${i}` });
    }
    const before = await snapshot();
    const error = await errorOf(
      alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 2, title: 'One too many' }),
    );
    expect(error.data?.code).toBe('UNPROCESSABLE_CONTENT');
    expect(error.message).toBe('A stage can hold at most 100 subtasks; delete some to add more');
    expect(await snapshot()).toEqual(before);
    // Other stages still have room.
    await expect(
      alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 3, title: 'Fine' }),
    ).resolves.toBeTruthy();
  });
});

describe('overdue stages', () => {
  it('flags a stage whose last day has passed unless all its subtasks are done', async () => {
    const { id } = await essay(alice);
    const done = await alice.api.planner.addSubtask.mutate({ assessmentId: id, stageIndex: 1, title: 'Read' });
    await alice.api.planner.setSubtaskDone.mutate({
      assessmentId: id,
      subtaskId: done.stages[1]?.subtasks[0]?.id ?? '',
      done: true,
    });
    clock.set('2030-03-14T09:00:00Z');
    try {
      const view = await alice.api.planner.get.query({ assessmentId: id });
      expect(view.today).toBe('2030-03-14');
      expect(view.stages.map((stage) => [stage.status, stage.overdue])).toEqual([
        ['past', true],
        ['past', false],
        ['current', false],
        ['upcoming', false],
      ]);
    } finally {
      clock.set('2030-03-04T06:00:00Z');
    }
  });
});

describe("another student's assessments", () => {
  it('behave as if they do not exist, and are left untouched', async () => {
    const created = await essay(alice);
    const withTask = await alice.api.planner.addSubtask.mutate({
      assessmentId: created.id,
      stageIndex: 0,
      title: 'Mine',
    });
    const assessmentId = created.id;
    const subtaskId = withTask.stages[0]?.subtasks[0]?.id ?? '';
    const before = await snapshot();
    const calls: Promise<unknown>[] = [
      bob.api.planner.get.query({ assessmentId }),
      bob.api.planner.rename.mutate({ assessmentId, name: 'Stolen' }),
      bob.api.planner.changeDueDate.mutate({ assessmentId, dueDate: '2030-04-01' }),
      bob.api.planner.moveStageEnd.mutate({ assessmentId, stageIndex: 0, endDate: '2030-03-04' }),
      bob.api.planner.delete.mutate({ assessmentId }),
      bob.api.planner.addSubtask.mutate({ assessmentId, stageIndex: 0, title: 'x' }),
      bob.api.planner.renameSubtask.mutate({ assessmentId, subtaskId, title: 'x' }),
      bob.api.planner.setSubtaskDone.mutate({ assessmentId, subtaskId, done: true }),
      bob.api.planner.moveSubtask.mutate({ assessmentId, subtaskId, toIndex: 0 }),
      bob.api.planner.deleteSubtask.mutate({ assessmentId, subtaskId }),
      bob.api.planner.calendarFeed.mutate({ assessmentId }),
      bob.api.planner.revokeCalendarFeed.mutate({ assessmentId }),
    ];
    for (const error of await errorsOf(calls)) {
      expect(error.data?.code).toBe('NOT_FOUND');
      expect(error.message).toBe('Assessment not found');
    }
    // Same answer as an id nobody has.
    const unknown = await errorOf(bob.api.planner.get.query({ assessmentId: '0123456789abcdef01234567' }));
    expect(unknown.message).toBe('Assessment not found');
    expect((await bob.api.planner.list.query()).map((assessment) => assessment.id)).not.toContain(assessmentId);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses every planner procedure to anonymous callers', async () => {
    const anonymous = studentClient(server.url);
    expect((await errorOf(anonymous.api.planner.list.query())).data?.code).toBe('UNAUTHORIZED');
    expect((await errorOf(anonymous.api.planner.create.mutate({ name: 'x', dueDate: '2030-04-01' }))).data?.code).toBe(
      'UNAUTHORIZED',
    );
  });
});
