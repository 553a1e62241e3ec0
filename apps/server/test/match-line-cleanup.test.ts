import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanUpMatchLine, MATCH_SLOT_KEEP_MS, type Database } from '@studysync/db';
import { signedUpStudent } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { STUDY_ENV } from './support/study';

describe('used match slots', () => {
  let server: TestServer;
  let later: TestServer | undefined;
  let database: Database;
  beforeAll(async () => {
    server = await startTestServer({ env: STUDY_ENV });
    database = await openTestDatabase(server.dbName);
  });
  afterAll(async () => {
    await later?.close();
    await database.client.close();
    await server.close();
  });

  const line = () => database.db.collection<{ _id: string }>('matchTickets');
  const slot = (generation: number) => line().findOne({ _id: `partner:25:${generation}` });
  const claimOf = (sessionId: string) => line().findOne({ _id: `claim:${sessionId}` });

  it('are deleted once no walker can reach them, with the claims of sessions that are over; pairing carries on', async () => {
    const students = await Promise.all(Array.from({ length: 20 }, (_, i) => signedUpStudent(server.url, `line${i}`)));
    // Ten pairs, one after another: slots 0-9 used, the shared head moved to 8.
    const sessions: string[] = [];
    for (let i = 0; i < students.length; i += 2) {
      await students[i]?.api.study.findPartner.mutate({ minutes: 25 });
      const paired = await students[i + 1]?.api.study.findPartner.mutate({ minutes: 25 });
      if (!paired) throw new Error('no session');
      sessions.push(paired.id);
    }
    // 25 minutes are 2 s here: the first session is over soon, its slot stays until the cleanup.
    await expect
      .poll(async () => (await students[0]?.api.study.get.query({ sessionId: sessions[0] ?? '' }))?.status, {
        timeout: 15_000,
      })
      .toBe('completed');
    expect(await slot(0)).not.toBeNull();

    // First run: notes the head. Too soon after that: nothing is deleted.
    const start = Date.now();
    expect(await cleanUpMatchLine(database.db, 25, start)).toBe(0);
    expect(await cleanUpMatchLine(database.db, 25, start + MATCH_SLOT_KEEP_MS / 2)).toBe(0);
    expect(await slot(0)).not.toBeNull();
    // Long enough later: the slots behind the noted head go; those from it on stay.
    expect(await cleanUpMatchLine(database.db, 25, start + MATCH_SLOT_KEEP_MS + 1_000)).toBe(8);
    for (let generation = 0; generation < 8; generation += 1) expect(await slot(generation)).toBeNull();
    expect(await slot(8)).not.toBeNull();
    expect(await slot(9)).not.toBeNull();
    await expect.poll(() => claimOf(sessions[0] ?? '')).toBeNull();

    // A server that never walked this line (no hint) starts from the head, not from a deleted
    // slot: two students asking there end up in one session, nobody left waiting at slot 0.
    const other = await startTestServer({ env: STUDY_ENV, dbName: server.dbName });
    later = other;
    const [ada, ben] = await Promise.all(['ada', 'ben'].map((name) => signedUpStudent(other.url, name)));
    const waiting = await ada?.api.study.findPartner.mutate({ minutes: 25 });
    const paired = await ben?.api.study.findPartner.mutate({ minutes: 25 });
    expect(paired).toMatchObject({ id: waiting?.id, status: 'active' });
    expect(await slot(0)).toBeNull();
  });
});
