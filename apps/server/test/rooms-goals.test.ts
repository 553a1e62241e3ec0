import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedUpStudent } from './support/client';
import { startTestServer, type TestServer } from './support/server';
import { MINUTE, openRoomEvents, ROOM_ENV, roomInput, TestClock, waitAllHere } from './support/rooms';

const clock = new TestClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: ROOM_ENV, now: clock.now });
});
afterAll(async () => {
  await server.close();
});

describe('a planner subtask as the goal', () => {
  it('names the goal, and checking in with subtaskDone ticks it in the planner, once per run', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
    const ada = await signedUpStudent(server.url, 'ada');
    const plan = await ada.api.planner.create.mutate({
      name: 'Essay',
      dueDate: new Date(Date.now() + 30 * 24 * 3_600_000).toISOString().slice(0, 10),
      timeZone: 'UTC',
    });
    const withTask = await ada.api.planner.addSubtask.mutate({
      assessmentId: plan.id,
      stageIndex: 0,
      title: 'Outline the argument',
    });
    const subtask = withTask.stages[0]?.subtasks[0];
    expect(subtask?.title).toBe('Outline the argument');
    const ref = { assessmentId: plan.id, subtaskId: subtask?.id ?? '' };

    // Someone else's subtask is not found, and nothing is written.
    const ben = await signedUpStudent(server.url, 'ben');
    const notHers = await errorOf(ben.api.rooms.join.mutate({ roomId, subtask: ref }));
    expect(notHers.data?.code).toBe('NOT_FOUND');
    expect(notHers.data?.fieldErrors).toHaveProperty('subtask');

    const joined = await ada.api.rooms.join.mutate({ roomId, subtask: ref });
    expect(joined.members.find((member) => member.userId === ada.user.id)).toMatchObject({
      goal: 'Outline the argument',
      subtask: ref,
    });
    const stream = openRoomEvents(ada, { roomId });
    const hostStream = openRoomEvents(host, { roomId });
    await waitAllHere(host, roomId, 2);
    const early = await errorOf(ada.api.rooms.checkIn.mutate({ roomId, result: 'yes', subtaskDone: true }));
    expect(early.data?.code).toBe('PRECONDITION_FAILED');

    await host.api.rooms.startRun.mutate({ roomId });
    clock.advance(10 * MINUTE);
    await stream.waitFor('phaseChanged');
    await host.api.rooms.endRun.mutate({ roomId });
    await stream.waitFor('runEnded');
    const after = await ada.api.rooms.checkIn.mutate({ roomId, result: 'yes', note: 'Done!', subtaskDone: true });
    expect(after.me.canCheckIn).toBe(false);
    const planned = await ada.api.planner.get.query({ assessmentId: plan.id });
    expect(planned.stages[0]?.subtasks[0]).toMatchObject({ id: ref.subtaskId, done: true });
    expect((await ada.api.study.stats.query()).goals.yes).toBe(1);
    const twice = await errorOf(ada.api.rooms.checkIn.mutate({ roomId, result: 'yes' }));
    expect(twice.data?.code).toBe('CONFLICT');

    // Setting a plain goal later replaces the subtask, announced to the room.
    await ada.api.rooms.setGoal.mutate({ roomId, goal: 'Read chapter 4', subtask: null });
    await stream.waitFor('goalSet');
    expect(stream.ofType('goalSet')[0]).toMatchObject({ userId: ada.user.id, goal: 'Read chapter 4' });
    stream.stop();
    hostStream.stop();
  });
});
