import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStreams, type Database, ObjectId, type StudySessionDoc } from '@studysync/db';
import { signedUpStudent, studentClient } from './support/client';
import { startServerProcess, type ServerProcess } from './support/process';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { openRoomStream, STUDY_ENV, waitStudied } from './support/study';

/**
 * Presence when a server dies without closing anything (SIGKILL): its streams must not keep a
 * student "online" forever, and a grace period its timer was counting must still end.
 * Two servers share one database: `other` runs in a child process and is killed; `server`
 * lives on and must settle what the dead one left. They share no event bus (each process has
 * its own), so what `other` does is read from the database.
 */
const ENV = { ...STUDY_ENV, INSTANCE_TIMEOUT_MS: '900', PRESENCE_GRACE_MS: '1500' };

let server: TestServer;
let database: Database;
let other: ServerProcess | undefined;
beforeAll(async () => {
  server = await startTestServer({ env: ENV });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  other?.child.kill('SIGKILL');
  await database.client.close();
  await server.close();
});

async function pairedOnServer(there: ServerProcess) {
  const ada = await signedUpStudent(server.url, 'ada');
  const ben = await signedUpStudent(server.url, 'ben');
  await ada.api.study.findPartner.mutate({ minutes: 90 });
  const { id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 90 });
  // Ben's page is open on the other server, signed in with the same token.
  const benThere = studentClient(there.url, { wsConnectionParams: () => ({ token: ben.token() ?? '' }) });
  const adaRoom = openRoomStream(ada, { sessionId });
  const bensPresence = () => adaRoom.ofType('presence').filter((event) => event.userId === ben.user.id);
  return { ada, ben, benThere, sessionId, adaRoom, bensPresence };
}

const seatOf = async (sessionId: string, userId: string) => {
  const session = await database.db
    .collection<StudySessionDoc>('studySessions')
    .findOne({ _id: new ObjectId(sessionId) });
  return session?.seats.find((seat) => seat.userId.toHexString() === userId);
};

describe('a server that dies', () => {
  it('leaves no student online: they are shown away, disconnected after the grace period, and back when they return', async () => {
    const there = await startServerProcess(server.dbName, ENV);
    other = there;
    const { ada, ben, benThere, sessionId, adaRoom, bensPresence } = await pairedOnServer(there);
    const benRoomThere = openRoomStream(benThere, { sessionId });
    await benRoomThere.waitFor('state');
    await expect.poll(async () => Object.keys((await seatOf(sessionId, ben.user.id))?.streams ?? {})).toHaveLength(1);

    there.child.kill('SIGKILL');
    await there.exited;
    benRoomThere.stop();
    await benThere.close();

    // Silent past INSTANCE_TIMEOUT_MS: the live server drops its streams, then the grace period runs.
    await expect.poll(() => bensPresence().at(-1), { timeout: 10_000 }).toMatchObject({ online: false });
    await adaRoom.waitFor('disconnected');
    const seat = await seatOf(sessionId, ben.user.id);
    expect(seat && openStreams(seat)).toBe(0);
    expect(seat?.disconnectedAt).not.toBeNull();
    expect((await ada.api.study.get.query({ sessionId })).partner).toMatchObject({ online: false, disconnected: true });
    // The dead server is forgotten; the live one is still on record.
    expect(await database.db.collection('serverInstances').countDocuments()).toBe(1);

    // Ben reloads the page and lands on the live server.
    const benRoom = openRoomStream(ben, { sessionId });
    await adaRoom.waitFor('reconnected');
    expect((await ada.api.study.get.query({ sessionId })).partner).toMatchObject({ online: true, disconnected: false });
    await adaRoom.waitFor('completed');
    await expect.poll(async () => (await ben.api.study.stats.query()).completedSessions).toBe(1);
    expect((await ben.api.study.stats.query()).disconnectedSessions).toBe(0);
    benRoom.stop();
    adaRoom.stop();
  });

  it('still ends a grace period its timer was counting: the student is counted disconnected', async () => {
    const there = await startServerProcess(server.dbName, ENV);
    other = there;
    const { ben, benThere, sessionId, adaRoom } = await pairedOnServer(there);
    const benRoomThere = openRoomStream(benThere, { sessionId });
    await benRoomThere.waitFor('state');
    await expect.poll(async () => (await seatOf(sessionId, ben.user.id))?.streams).not.toEqual({});
    // Long enough that his session counts (5 minutes).
    await waitStudied(ben, sessionId, 6);

    // Ben closes the tab; the other server starts his grace period, then dies well before it ends.
    benRoomThere.stop();
    await expect.poll(async () => (await seatOf(sessionId, ben.user.id))?.awaySince).toBeInstanceOf(Date);
    // Its check for the end of the grace period is stored (the seat is marked away just before it).
    const awaySince = (await seatOf(sessionId, ben.user.id))?.awaySince?.getTime() ?? 0;
    const checks = database.db.collection<{ _id: string; dueAt: Date }>('presenceChecks');
    await expect
      .poll(async () => (await checks.findOne({ _id: `${sessionId}:${ben.user.id}` }))?.dueAt.getTime())
      .toBe(awaySince + Number(ENV.PRESENCE_GRACE_MS));
    there.child.kill('SIGKILL');
    await there.exited;
    await benThere.close();
    expect(adaRoom.ofType('disconnected')).toEqual([]);

    // Nobody's timer is left: the live server's sweep ends the grace period.
    await adaRoom.waitFor('disconnected');
    expect(adaRoom.ofType('disconnected')).toHaveLength(1);
    await adaRoom.waitFor('completed');
    await expect.poll(async () => (await ben.api.study.stats.query()).disconnectedSessions).toBe(1);
    expect(await database.db.collection('presenceChecks').countDocuments()).toBe(0);
    adaRoom.stop();
  });
});

describe('a server presumed dead while it is alive', () => {
  it('carries on under a new id, and its clients reconnect to be counted again', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const ben = await signedUpStudent(server.url, 'ben');
    await ada.api.study.findPartner.mutate({ minutes: 90 });
    const { id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 90 });
    const adaRoom = openRoomStream(ada, { sessionId });
    await adaRoom.waitFor('state');
    await expect.poll(async () => Object.keys((await seatOf(sessionId, ada.user.id))?.streams ?? {})).toHaveLength(1);
    const before = Object.keys((await seatOf(sessionId, ada.user.id))?.streams ?? {})[0];

    // What another server does when it finds this one silent: forget it.
    await database.db.collection('serverInstances').deleteOne({ _id: before as never });

    // The next heartbeat notices; Ada's client is asked to reconnect and is counted under the new id.
    const counted = async () => {
      const instances = await database.db.collection<{ _id: string }>('serverInstances').find({}).toArray();
      return {
        instances: instances.map((instance) => instance._id),
        streams: (await seatOf(sessionId, ada.user.id))?.streams,
      };
    };
    await expect
      .poll(async () => {
        const { instances, streams } = await counted();
        // The stream counted under the forgotten id is uncounted once its close is handled.
        const only = Object.keys(streams ?? {}).length === 1;
        return instances.length === 1 && instances[0] !== before && only && streams?.[instances[0] ?? ''] === 1;
      })
      .toBe(true);
    const { instances, streams } = await counted();
    expect(instances).not.toContain(before);
    expect(streams).toEqual({ [instances[0] ?? '']: 1 });
    expect(adaRoom.errors).toEqual([]);
    adaRoom.stop();
    await ada.api.study.endEarly.mutate({ sessionId });
  });
});
