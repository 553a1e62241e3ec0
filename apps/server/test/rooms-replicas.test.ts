import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RoomDirectoryEntryView } from '@studysync/api';
import { roomSegment } from '@studysync/validators';
import { signedUpStudent } from './support/client';
import { startServerProcess, type ServerProcess } from './support/process';
import { startTestRedis, type TestRedis } from './support/redis';
import { openRoomEvents, roomInput, waitAllHere } from './support/rooms';

/**
 * Two server processes on one database and one Redis: a room whose members stream from
 * different servers sees the same log live, each phase once, and the directory follows it.
 * Real time, shrunk: a study minute lasts 40 ms (a 10-minute focus block is 0.4 s).
 */
const ENV = {
  STUDY_MINUTE_MS: '40',
  PRESENCE_GRACE_MS: '2000',
  STUDY_WAITING_GRACE_MS: '5000',
  SWEEP_INTERVAL_MS: '100',
  SCRYPT_LOG2_COST: '10',
  SIGNUPS_PER_ADDRESS_PER_HOUR: '100000',
};

let redis: TestRedis;
let a: ServerProcess;
let b: ServerProcess;
beforeAll(async () => {
  redis = await startTestRedis();
  const dbName = `rooms_replicas_${randomUUID().slice(0, 8)}`;
  a = await startServerProcess(dbName, { ...ENV, REDIS_URL: redis.url });
  b = await startServerProcess(dbName, { ...ENV, REDIS_URL: redis.url });
});
afterAll(async () => {
  for (const server of [a, b]) server?.child.kill('SIGTERM');
  await Promise.all([a, b].map((server) => server?.exited));
  await redis?.stop();
});

it('members on two replicas share the room live: chat, each phase once, minutes once, the directory', async () => {
  const watcher = await signedUpStudent(b.url, 'watch');
  const snapshots: RoomDirectoryEntryView[][] = [];
  const directory = watcher.api.rooms.directoryLive.subscribe(undefined, {
    onData: (snapshot) => snapshots.push(snapshot.rooms),
  });
  await expect.poll(() => snapshots.length).toBeGreaterThan(0);

  const host = await signedUpStudent(a.url, 'host');
  const ada = await signedUpStudent(b.url, 'ada');
  const { id: roomId } = await host.api.rooms.create.mutate(roomInput({ name: 'Across replicas' }));
  await ada.api.rooms.join.mutate({ roomId });
  // Created on A, joined on B: B's directory stream shows both.
  await expect.poll(() => snapshots.at(-1)?.find((room) => room.id === roomId)?.occupancy).toBe(2);

  const onA = openRoomEvents(host, { roomId });
  const onB = openRoomEvents(ada, { roomId });
  await waitAllHere(host, roomId, 2);
  await ada.api.rooms.sendMessage.mutate({ roomId, text: 'hello from B' });
  await onA.waitFor('message');
  await host.api.rooms.startRun.mutate({ roomId });
  // Through focus, break and into the next focus block.
  for (const stream of [onA, onB]) await stream.waitFor('phaseChanged', 2);
  for (const student of [host, ada]) {
    await expect.poll(async () => (await student.api.study.stats.query()).totalMinutes).toBeGreaterThanOrEqual(10);
  }
  await host.api.rooms.endRun.mutate({ roomId });
  for (const stream of [onA, onB]) await stream.waitFor('runEnded');
  const persisted = (events: { type: string; id?: string }[]) =>
    events.filter((event) => event.id !== undefined && event.type !== 'state').map((event) => event.id);
  // The same log on both servers' streams, each event once, in order.
  expect(persisted(onB.events)).toEqual(persisted(onA.events));
  const segments = onA.ofType('phaseChanged').map((event) => Number(event['segment']));
  expect(segments).toEqual([...new Set(segments)].sort((x, y) => x - y));
  // Minutes, from the schedule as stored: each block over by the end once (10), the one running
  // at the end up to there (if 5 or more), for both (there from the start).
  const view = await host.api.rooms.get.query({ roomId });
  const end = view.run?.endedAt ?? 0;
  const schedule = { startedAt: view.run?.startedAt ?? 0, skippedMs: 0, cycle: view.cycle };
  let expected = 0;
  for (let block = 1; ; block += 1) {
    const focus = roomSegment(schedule, 2 * (block - 1), view.minuteMs);
    if (focus.startsAt >= end) break;
    const minutes = Math.floor((Math.min(focus.endsAt, end) - focus.startsAt) / view.minuteMs);
    if (minutes >= 5) expected += minutes;
  }
  expect(expected).toBeGreaterThanOrEqual(10);
  for (const student of [host, ada]) {
    await expect.poll(async () => (await student.api.study.stats.query()).totalMinutes).toBe(expected);
  }
  onA.stop();
  onB.stop();
  directory.unsubscribe();
});
