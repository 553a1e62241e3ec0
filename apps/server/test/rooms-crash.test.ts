import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedUpStudent, studentClient } from './support/client';
import { startServerProcess, type ServerProcess } from './support/process';
import { openRoomEvents, roomInput, roomLog, waitAllHere } from './support/rooms';

/** A server killed outright (no goodbye) leaves its streams counted until the others drop them. */
const ENV = {
  STUDY_MINUTE_MS: '60000',
  PRESENCE_GRACE_MS: '500',
  SWEEP_INTERVAL_MS: '100',
  INSTANCE_TIMEOUT_MS: '600',
  SCRYPT_LOG2_COST: '10',
  SIGNUPS_PER_ADDRESS_PER_HOUR: '100000',
};

let a: ServerProcess;
let b: ServerProcess;
beforeAll(async () => {
  const dbName = `rooms_crash_${randomUUID().slice(0, 8)}`;
  a = await startServerProcess(dbName, ENV);
  b = await startServerProcess(dbName, ENV);
});
afterAll(async () => {
  for (const server of [a, b]) server?.child.kill('SIGKILL');
  await Promise.all([a, b].map((server) => server?.exited));
});

it('drops the streams of a server that died, then lets its students go after the grace period, once', async () => {
  const host = await signedUpStudent(b.url, 'host');
  const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
  const ada = await signedUpStudent(b.url, 'ada');
  await ada.api.rooms.join.mutate({ roomId });
  const hostStream = openRoomEvents(host, { roomId });
  // Ada's page talks to A.
  const adaOnA = studentClient(a.url, { cookie: ada.cookie() ?? '' });
  openRoomEvents(adaOnA, { roomId });
  await waitAllHere(host, roomId, 2);

  a.child.kill('SIGKILL');
  await a.exited;
  await hostStream.waitFor('memberLeft');
  expect(hostStream.ofType('memberLeft')[0]).toMatchObject({ userId: ada.user.id, reason: 'gone' });
  const room = await host.api.rooms.get.query({ roomId });
  expect(room.members.map((member) => member.userId)).toEqual([host.user.id]);
  // B's sweeps went on meanwhile: still announced once.
  await host.api.rooms.sendMessage.mutate({ roomId, text: 'marker' });
  await hostStream.waitFor('message');
  expect((await roomLog(host, roomId)).filter((event) => event.type === 'memberLeft')).toHaveLength(1);
  expect(await ada.api.rooms.current.query()).toBeNull();
  hostStream.stop();
  await adaOnA.close();
});
