import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpStudent } from './support/client';
import { startTestServer, type TestServer } from './support/server';
import { MINUTE, openRoomEvents, ROOM_ENV, roomInput, roomLog, TestClock, waitAllHere } from './support/rooms';

const clock = new TestClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: ROOM_ENV, now: clock.now });
});
afterAll(async () => {
  await server.close();
});

type Student = Awaited<ReturnType<typeof signedUpStudent>>;

const minutesOf = async (student: Student) => (await student.api.study.stats.query()).totalMinutes;

async function expectMinutes(students: readonly Student[], minutes: number) {
  for (const student of students) await expect.poll(() => minutesOf(student), { timeout: 10_000 }).toBe(minutes);
}

describe('a room of ten through focus, break and focus', () => {
  it('announces each phase once and counts each block once per member, partial stays by the 5-minute rule', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const created = await host.api.rooms.create.mutate(roomInput({ tag: 'MATH 201' }));
    expect(created).toMatchObject({ status: 'open', occupancy: 1, run: null, phase: null, inviteCode: null });
    const roomId = created.id;
    const others = await Promise.all(Array.from({ length: 9 }, () => signedUpStudent(server.url, 'mem')));
    for (const [i, student] of others.entries()) await student.api.rooms.join.mutate({ roomId, goal: `Task ${i}` });
    const ten = [host, ...others];
    const streams = ten.map((student) => openRoomEvents(student, { roomId }));
    await waitAllHere(host, roomId, 10);

    const started = await host.api.rooms.startRun.mutate({ roomId });
    expect(started.phase).toMatchObject({ kind: 'focus', segment: 0, block: 1 });
    expect(started.run?.endedAt).toBeNull();

    // Three minutes in, one joins (7 minutes of the block: counted); six minutes in, another (4: not).
    clock.advance(3 * MINUTE);
    const late = await signedUpStudent(server.url, 'late');
    await late.api.rooms.join.mutate({ roomId });
    const lateStream = openRoomEvents(late, { roomId });
    // Counted as here before the clock moves on (a member who never arrives is let go).
    await waitAllHere(host, roomId, 11);
    clock.advance(3 * MINUTE);
    const later = await signedUpStudent(server.url, 'later');
    await later.api.rooms.join.mutate({ roomId });
    const laterStream = openRoomEvents(later, { roomId });
    await waitAllHere(host, roomId, 12);

    clock.advance(4 * MINUTE);
    for (const stream of streams) await stream.waitFor('phaseChanged');
    expect(streams[0]?.ofType('phaseChanged')[0]).toMatchObject({ segment: 1, kind: 'break', block: 1 });
    await expectMinutes(ten, 10);
    // Joined 3 minutes in: 7 minutes less the moment it took to join, in whole minutes.
    await expect.poll(() => minutesOf(late), { timeout: 10_000 }).toBe(6);

    clock.advance(5 * MINUTE);
    for (const stream of streams) await stream.waitFor('phaseChanged', 2);
    expect(streams[0]?.ofType('phaseChanged')[1]).toMatchObject({ segment: 2, kind: 'focus', block: 2 });

    clock.advance(10 * MINUTE);
    for (const stream of [...streams, lateStream, laterStream]) await stream.waitFor('phaseChanged', 3);
    expect(streams[0]?.ofType('phaseChanged')[2]).toMatchObject({ segment: 3, kind: 'longBreak', block: 2 });
    await expectMinutes(ten, 20);
    await expect.poll(() => minutesOf(late), { timeout: 10_000 }).toBe(16);
    // Under 5 minutes of block 1 counted nothing; all of block 2 counts.
    await expect.poll(() => minutesOf(later), { timeout: 10_000 }).toBe(10);

    // Each phase once in the log and on every stream; each block once in the counters.
    await host.api.rooms.sendMessage.mutate({ roomId, text: 'marker' });
    for (const stream of streams) await stream.waitFor('message');
    const log = await roomLog(host, roomId);
    expect(log.filter((event) => event.type === 'phaseChanged').map((event) => event['segment'])).toEqual([1, 2, 3]);
    expect(log.filter((event) => event.type === 'runStarted')).toHaveLength(1);
    for (const stream of streams) {
      expect(stream.ofType('phaseChanged').map((event) => event['segment'])).toEqual([1, 2, 3]);
    }
    for (const student of ten) {
      expect(await student.api.study.stats.query()).toMatchObject({ totalMinutes: 20, completedSessions: 2 });
    }

    // The host ends the run in the long break: nothing more to count; everyone checks in once.
    const ended = await host.api.rooms.endRun.mutate({ roomId });
    expect(ended.run?.endedAt).not.toBeNull();
    expect(ended.me.canCheckIn).toBe(true);
    await others[0]?.api.rooms.checkIn.mutate({ roomId, result: 'yes' });
    const again = await others[0]?.api.rooms.checkIn.mutate({ roomId, result: 'no' }).catch((error: unknown) => error);
    expect(again).toMatchObject({ data: { code: 'CONFLICT' } });
    expect((await others[0]?.api.study.stats.query())?.goals).toEqual({ yes: 1, partly: 0, no: 0 });
    await expectMinutes(ten, 20);
    for (const stream of [...streams, lateStream, laterStream]) stream.stop();
  });

  it('credits the running block up to the end when the host ends the run mid-focus', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
    const stream = openRoomEvents(host, { roomId });
    await waitAllHere(host, roomId, 1);
    await host.api.rooms.startRun.mutate({ roomId });
    clock.advance(7 * MINUTE);
    await host.api.rooms.endRun.mutate({ roomId });
    await stream.waitFor('runEnded');
    await expect.poll(() => minutesOf(host), { timeout: 10_000 }).toBe(7);
    // A new run starts from its own first block.
    const next = await host.api.rooms.startRun.mutate({ roomId });
    expect(next.run?.no).toBe(2);
    clock.advance(10 * MINUTE);
    await stream.waitFor('phaseChanged');
    await expect.poll(() => minutesOf(host), { timeout: 10_000 }).toBe(17);
    stream.stop();
  });

  it('counts a member who leaves mid-block for the minutes they were there, by the 5-minute rule', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
    const stays = await signedUpStudent(server.url, 'stay');
    const brief = await signedUpStudent(server.url, 'brief');
    for (const student of [stays, brief]) await student.api.rooms.join.mutate({ roomId });
    const streams = [host, stays, brief].map((student) => openRoomEvents(student, { roomId }));
    await waitAllHere(host, roomId, 3);
    await host.api.rooms.startRun.mutate({ roomId });
    clock.advance(3 * MINUTE);
    await brief.api.rooms.leave.mutate({ roomId });
    clock.advance(4 * MINUTE);
    await stays.api.rooms.leave.mutate({ roomId });
    clock.advance(3 * MINUTE);
    await streams[0]?.waitFor('phaseChanged');
    await expect.poll(() => minutesOf(host), { timeout: 10_000 }).toBe(10);
    expect(await stays.api.study.stats.query()).toMatchObject({
      totalMinutes: 7,
      quitSessions: 1,
      completedSessions: 0,
    });
    expect(await brief.api.study.stats.query()).toMatchObject({ totalMinutes: 0, quitSessions: 0 });
    for (const stream of streams) stream.stop();
  });
});
