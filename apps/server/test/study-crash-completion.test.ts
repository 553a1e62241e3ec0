import { afterAll, beforeAll, expect, it } from 'vitest';
import { ObjectId, trackDueSession, type Database } from '@studysync/db';
import { signedUpStudent } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { STUDY_ENV } from './support/study';

let server: TestServer;
let database: Database;
beforeAll(async () => {
  // The sweep runs when the test says so.
  server = await startTestServer({ env: { ...STUDY_ENV, SWEEP_INTERVAL_MS: '600000' } });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

it('announces a completion cut short by a crash exactly once: the sweep stores the missing event, and a repeat adds none', async () => {
  const ada = await signedUpStudent(server.url, 'ada');
  const ben = await signedUpStudent(server.url, 'ben');
  await ada.api.study.findPartner.mutate({ minutes: 25 });
  const active = await ben.api.study.findPartner.mutate({ minutes: 25 });
  const _id = new ObjectId(active.id);
  // A server claimed the completion and died before wrapping up or telling anyone.
  const sessions = database.db.collection<{ _id: ObjectId; endsAt: Date }>('studySessions');
  const session = await sessions.findOne({ _id });
  await sessions.updateOne({ _id }, { $set: { status: 'completed', endedAt: session?.endsAt } });

  const completedEvents = async () =>
    (await ada.api.study.history.query({ sessionId: active.id })).events.filter((event) => event.type === 'completed');
  // The sweep picks it up once it is due (from its five-minute mark).
  await expect
    .poll(
      async () => {
        await server.jobs.runNow('study-sweep');
        return (await completedEvents()).length;
      },
      { timeout: 10_000, interval: 100 },
    )
    .toBe(1);
  // Both students' stats were counted by the same wrap-up.
  expect(await database.db.collection('studyStats').countDocuments()).toBe(2);

  // A crash after the event was stored but before the session stopped being due: no second one.
  await trackDueSession(database.db, { _id, warnAt: new Date(), endsAt: new Date() });
  await server.jobs.runNow('study-sweep');
  await server.jobs.runNow('study-sweep');
  expect(await completedEvents()).toHaveLength(1);
  expect(await database.db.collection('studyStats').countDocuments()).toBe(2);
});
