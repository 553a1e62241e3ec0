import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { signedUpStudent, studentClient } from './support/client';
import { startTestServer, type TestServer } from './support/server';
import { MINUTE, openRoomEvents, ROOM_ENV, roomInput, roomLog, TestClock, waitAllHere } from './support/rooms';

const clock = new TestClock();
const dbName = `rooms_restart_${randomUUID().slice(0, 8)}`;
// Away within the grace period counts as there: the students come back once a server is up.
const env = { ...ROOM_ENV, PRESENCE_GRACE_MS: String(10 * MINUTE) };
const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close().catch(() => undefined);
});

it('a server stopped mid-focus, two started after the block ended: the phase is announced once, minutes counted once', async () => {
  const first = await startTestServer({ env, now: clock.now, dbName });
  servers.push(first);
  const host = await signedUpStudent(first.url, 'host');
  const ada = await signedUpStudent(first.url, 'ada');
  const { id: roomId } = await host.api.rooms.create.mutate(roomInput());
  await ada.api.rooms.join.mutate({ roomId });
  const streams = [openRoomEvents(host, { roomId }), openRoomEvents(ada, { roomId })];
  await waitAllHere(host, roomId, 2);
  await host.api.rooms.startRun.mutate({ roomId });
  clock.advance(4 * MINUTE);
  for (const stream of streams) stream.stop();
  await Promise.all([host.close(), ada.close()]);
  await first.close();

  // Down past the end of the first focus block, into its break.
  clock.advance(8 * MINUTE);
  const [second, third] = await Promise.all([
    startTestServer({ env, now: clock.now, dbName }),
    startTestServer({ env, now: clock.now, dbName }),
  ]);
  servers.push(second, third);
  const hostAgain = studentClient(second.url, { cookie: host.cookie() ?? '' });
  const adaAgain = studentClient(third.url, { cookie: ada.cookie() ?? '' });
  await expect
    .poll(async () => (await roomLog(hostAgain, roomId)).filter((event) => event.type === 'phaseChanged').length, {
      timeout: 10_000,
    })
    .toBe(1);
  for (const student of [hostAgain, adaAgain]) {
    await expect.poll(async () => (await student.api.study.stats.query()).totalMinutes, { timeout: 10_000 }).toBe(10);
  }
  // Both servers swept since (several times): still once. (Each test server has its own bus: the
  // stream and the marker go through the same one.)
  const back = openRoomEvents(hostAgain, { roomId });
  await back.waitFor('state');
  await hostAgain.api.rooms.sendMessage.mutate({ roomId, text: 'we are back' });
  await back.waitFor('message');
  const log = await roomLog(hostAgain, roomId);
  expect(log.filter((event) => event.type === 'phaseChanged')).toMatchObject([{ segment: 1, kind: 'break', block: 1 }]);
  expect(log.filter((event) => event.type === 'memberLeft')).toHaveLength(0);
  for (const student of [hostAgain, adaAgain]) {
    expect(await student.api.study.stats.query()).toMatchObject({ totalMinutes: 10, completedSessions: 1 });
  }
  back.stop();
  await Promise.all([hostAgain.close(), adaAgain.close()]);
});
