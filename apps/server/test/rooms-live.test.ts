import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomDirectoryEntryView } from '@studysync/api';
import { errorOf, signedUpStudent } from './support/client';
import { startTestServer, type TestServer } from './support/server';
import { MINUTE, openRoomEvents, ROOM_ENV, roomInput, roomLog, TestClock, waitAllHere } from './support/rooms';

const clock = new TestClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { ...ROOM_ENV, ROOM_EMPTY_CLOSE_MS: String(10 * MINUTE) }, now: clock.now });
});
afterAll(async () => {
  await server.close();
});

const persisted = (events: { type: string; id?: string }[]) =>
  events.filter((event) => event.id !== undefined && event.type !== 'state');

describe('a member who reconnects', () => {
  it('gets everything they missed with lastEventId, and a return within the grace period is no departure', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
    const ada = await signedUpStudent(server.url, 'ada');
    await ada.api.rooms.join.mutate({ roomId });
    const hostStream = openRoomEvents(host, { roomId });
    const first = openRoomEvents(ada, { roomId });
    await waitAllHere(host, roomId, 2);
    await host.api.rooms.sendMessage.mutate({ roomId, text: 'before' });
    await first.waitFor('message');
    const cursor = first.events.at(-1)?.['cursor'] as string;
    first.stop();
    await expect.poll(async () => (await host.api.rooms.get.query({ roomId })).members[1]?.presence).toBe('away');

    // While she is away: chat, a newcomer, the run starting and its first break.
    await host.api.rooms.sendMessage.mutate({ roomId, text: 'while away 1' });
    const ben = await signedUpStudent(server.url, 'ben');
    await ben.api.rooms.join.mutate({ roomId });
    await host.api.rooms.startRun.mutate({ roomId });
    await host.api.rooms.sendMessage.mutate({ roomId, text: 'while away 2' });
    await hostStream.waitFor('message', 3);

    const second = openRoomEvents(ada, { roomId, lastEventId: cursor });
    await second.waitFor('state');
    const log = await roomLog(host, roomId);
    const missed = log.filter((event) => Number(event.id) > Number(cursor));
    await expect.poll(() => persisted(second.events).map((event) => event.id)).toEqual(missed.map((e) => e.id));
    expect(missed.map((event) => event.type)).toEqual(['message', 'memberJoined', 'runStarted', 'message']);
    // Back within the grace period: nobody was told she left, and she is still a member.
    expect(log.filter((event) => event.type === 'memberLeft')).toHaveLength(0);
    await waitAllHere(host, roomId, 2);
    second.stop();
    hostStream.stop();
  });

  it('is gone once away longer than the grace period: announced once, their place freed', async () => {
    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput({ capacity: 2 }));
    const ada = await signedUpStudent(server.url, 'ada');
    await ada.api.rooms.join.mutate({ roomId });
    const hostStream = openRoomEvents(host, { roomId });
    const adaStream = openRoomEvents(ada, { roomId });
    await waitAllHere(host, roomId, 2);
    adaStream.stop();
    await expect.poll(async () => (await host.api.rooms.get.query({ roomId })).members[1]?.presence).toBe('away');
    clock.advance(20_000);
    await hostStream.waitFor('memberLeft');
    expect(hostStream.ofType('memberLeft')[0]).toMatchObject({ userId: ada.user.id, reason: 'gone' });
    expect(await ada.api.rooms.current.query()).toBeNull();
    // The freed place is taken by someone else.
    const ben = await signedUpStudent(server.url, 'ben');
    expect((await ben.api.rooms.join.mutate({ roomId })).occupancy).toBe(2);
    await host.api.rooms.sendMessage.mutate({ roomId, text: 'marker' });
    await hostStream.waitFor('message');
    expect(hostStream.ofType('memberLeft')).toHaveLength(1);
    hostStream.stop();
  });
});

describe('the directory', () => {
  it('updates live: new rooms, occupancy and phase; private rooms never; empty rooms close by themselves', async () => {
    const watcher = await signedUpStudent(server.url, 'watch');
    const snapshots: RoomDirectoryEntryView[][] = [];
    const subscription = watcher.api.rooms.directoryLive.subscribe(undefined, {
      onData: (snapshot) => snapshots.push(snapshot.rooms),
    });
    await expect.poll(() => snapshots.length).toBeGreaterThan(0);
    const latest = () => snapshots.at(-1) ?? [];
    const entry = (id: string) => latest().find((room) => room.id === id);

    const host = await signedUpStudent(server.url, 'host');
    const { id: roomId } = await host.api.rooms.create.mutate(roomInput({ name: 'Live one', tag: 'PHYS 101' }));
    const secret = await signedUpStudent(server.url, 'secret');
    const hidden = await secret.api.rooms.create.mutate(roomInput({ name: 'Hidden', visibility: 'private' }));
    await expect
      .poll(() => entry(roomId))
      .toMatchObject({ name: 'Live one', tag: 'PHYS 101', occupancy: 1, run: null });

    const busy = await signedUpStudent(server.url, 'busy');
    const { id: busyId } = await busy.api.rooms.create.mutate(roomInput({ name: 'Busy' }));
    for (let i = 0; i < 2; i += 1) {
      const student = await signedUpStudent(server.url, 'm');
      await student.api.rooms.join.mutate({ roomId: busyId });
    }
    // Most occupied first (other tests' rooms are listed too).
    const ids = () => latest().map((room) => room.id);
    await expect.poll(() => entry(busyId)?.occupancy).toBe(3);
    expect(ids().indexOf(busyId)).toBeLessThan(ids().indexOf(roomId));
    const occupancies = latest().map((room) => room.occupancy);
    expect(occupancies).toEqual([...occupancies].sort((a, b) => b - a));
    await host.api.rooms.startRun.mutate({ roomId });
    await expect.poll(() => entry(roomId)?.phase).toMatchObject({ kind: 'focus', block: 1 });
    expect(latest().map((room) => room.id)).not.toContain(hidden.id);
    const queried = await watcher.api.rooms.directory.query();
    expect(queried.map((room) => [room.id, room.occupancy])).toEqual(latest().map((r) => [r.id, r.occupancy]));

    // Emptied, it stays listed for a while, then closes by itself.
    await host.api.rooms.leave.mutate({ roomId });
    await expect.poll(() => entry(roomId)?.occupancy).toBe(0);
    clock.advance(10 * MINUTE);
    await expect.poll(() => entry(roomId)).toBeUndefined();
    const closed = await watcher.api.rooms.get.query({ roomId });
    expect(closed.status).toBe('closed');
    const late = await errorOf(watcher.api.rooms.join.mutate({ roomId }));
    expect(late.message).toBe('This room has closed');
    subscription.unsubscribe();
  });
});
