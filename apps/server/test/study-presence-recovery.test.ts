import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStreams, type Database, ObjectId, type StudySessionDoc } from '@studysync/db';
import { signedUpStudent, studentClient } from './support/client';
import { startServerProcess, type ServerProcess } from './support/process';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { openRoomStream, STUDY_ENV } from './support/study';

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
let other: ServerProcess;
beforeAll(async () => {
  server = await startTestServer({ env: ENV });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  other.child.kill('SIGKILL');
  await database.client.close();
  await server.close();
});

async function pairedOnServer() {
  const ada = await signedUpStudent(server.url, 'ada');
  const ben = await signedUpStudent(server.url, 'ben');
  await ada.api.study.findPartner.mutate({ minutes: 90 });
  const { id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 90 });
  // Ben's page is open on the other server, signed in with the same token.
  const benThere = studentClient(other.url, { wsConnectionParams: () => ({ token: ben.token() ?? '' }) });
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
    other = await startServerProcess(server.dbName, ENV);
    const { ada, ben, benThere, sessionId, adaRoom, bensPresence } = await pairedOnServer();
    const benRoomThere = openRoomStream(benThere, { sessionId });
    await benRoomThere.waitFor('state');
    await expect.poll(async () => Object.keys((await seatOf(sessionId, ben.user.id))?.streams ?? {})).toHaveLength(1);

    other.child.kill('SIGKILL');
    await other.exited;
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
    other = await startServerProcess(server.dbName, ENV);
    const { ben, benThere, sessionId, adaRoom } = await pairedOnServer();
    const benRoomThere = openRoomStream(benThere, { sessionId });
    await benRoomThere.waitFor('state');
    await expect.poll(async () => (await seatOf(sessionId, ben.user.id))?.streams).not.toEqual({});

    // Ben closes the tab; the other server starts his grace period, then dies well before it ends.
    benRoomThere.stop();
    await expect.poll(async () => (await seatOf(sessionId, ben.user.id))?.awaySince).toBeInstanceOf(Date);
    other.child.kill('SIGKILL');
    await other.exited;
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
