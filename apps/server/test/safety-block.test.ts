import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BLOCKED, type Database } from '@studysync/db';
import { errorOf, signedUpStudent } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { openRoomStream, openUserStream, STUDY_ENV } from './support/study';

// A study minute of one second: a 25-minute session runs long enough to chat, block and chat on.
const ENV = { ...STUDY_ENV, STUDY_MINUTE_MS: '1000' };

let server: TestServer;
let database: Database;
beforeAll(async () => {
  server = await startTestServer({ env: ENV });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

const fieldErrorsOf = async (call: Promise<unknown>) => {
  const error = await errorOf(call);
  return { code: error.data?.code, fields: error.data?.fieldErrors };
};

async function pair() {
  const ada = await signedUpStudent(server.url, 'ada');
  const ben = await signedUpStudent(server.url, 'ben');
  await ada.api.study.findPartner.mutate({ minutes: 25 });
  const active = await ben.api.study.findPartner.mutate({ minutes: 25 });
  return { ada, ben, sessionId: active.id };
}

const texts = (events: { type: string; text?: unknown }[]) =>
  events.filter((event) => event.type === 'message').map((event) => event.text);

describe('blocking a partner', () => {
  it("hides the blocked student's messages from the blocker live, in the backfill and in history", async () => {
    const { ada, ben, sessionId } = await pair();
    const adaRoom = openRoomStream(ada, { sessionId });
    const benRoom = openRoomStream(ben, { sessionId });
    await adaRoom.waitFor('state');
    await benRoom.waitFor('state');

    await ben.api.study.sendMessage.mutate({ sessionId, text: 'hello from ben' });
    await adaRoom.waitFor('message');

    await ada.api.safety.block.mutate({ userId: ben.user.id });
    await ben.api.study.sendMessage.mutate({ sessionId, text: 'ben after the block' });
    await ben.api.study.typing.mutate({ sessionId });
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'ada after the block' });
    // Ada's own message comes after Ben's in the log: once she has it, his was skipped, not late.
    await expect.poll(() => texts(adaRoom.events)).toContain('ada after the block');
    expect(texts(adaRoom.events)).toEqual(['hello from ben', 'ada after the block']);
    expect(adaRoom.ofType('typing')).toEqual([]);
    // Blocking is one way: Ben still reads Ada.
    await expect
      .poll(() => texts(benRoom.events))
      .toEqual(['hello from ben', 'ben after the block', 'ada after the block']);

    // History and a resumed stream leave out every message of his, from before the block too.
    const history = await ada.api.study.history.query({ sessionId });
    expect(texts(history.events)).toEqual(['ada after the block']);
    expect(history.events.some((event) => event.type === 'partnerJoined')).toBe(true);
    const resumed = openRoomStream(ada, { sessionId, lastEventId: '0' });
    await expect.poll(() => texts(resumed.events)).toEqual(['ada after the block']);
    expect(texts((await ben.api.study.history.query({ sessionId })).events)).toEqual([
      'hello from ben',
      'ben after the block',
      'ada after the block',
    ]);

    // Unblocked: the open stream shows his new messages again, and history all of them.
    await ada.api.safety.unblock.mutate({ userId: ben.user.id });
    await ben.api.study.sendMessage.mutate({ sessionId, text: 'ben after the unblock' });
    await expect.poll(() => texts(adaRoom.events)).toContain('ben after the unblock');
    expect(texts((await ada.api.study.history.query({ sessionId })).events)).toEqual([
      'hello from ben',
      'ben after the block',
      'ada after the block',
      'ben after the unblock',
    ]);
    for (const stream of [adaRoom, benRoom, resumed]) stream.stop();
  });

  it('lists whom the student blocked with their names, tells their own stream, and unblocks', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const ben = await signedUpStudent(server.url, 'ben');
    const cy = await signedUpStudent(server.url, 'cyd');
    const inbox = openUserStream(ada);
    const benInbox = openUserStream(ben);
    await expect.poll(() => inbox.events.length).toBe(1); // hello
    await expect.poll(() => benInbox.events.length).toBe(1);
    expect(await ada.api.safety.blocked.query()).toEqual([]);

    await ada.api.safety.block.mutate({ userId: ben.user.id });
    await ada.api.safety.block.mutate({ userId: cy.user.id });
    await ada.api.safety.block.mutate({ userId: ben.user.id }); // again: nothing changes
    const listed = await ada.api.safety.blocked.query();
    expect(listed.map(({ userId, username }) => ({ userId, username }))).toEqual([
      { userId: cy.user.id, username: cy.user.username },
      { userId: ben.user.id, username: ben.user.username },
    ]);
    await expect.poll(() => inbox.events.filter((event) => event.type === 'blocksChanged').length).toBe(3);
    expect(inbox.events.find((event) => event.type === 'blocksChanged')).toEqual({
      type: 'blocksChanged',
      userId: ben.user.id,
      blocked: true,
    });

    await ada.api.safety.unblock.mutate({ userId: ben.user.id });
    expect((await ada.api.safety.blocked.query()).map((entry) => entry.userId)).toEqual([cy.user.id]);
    expect(await ben.api.safety.blocked.query()).toEqual([]);
    // The blocked student is never told.
    expect(benInbox.events.map((event) => event.type)).toEqual(['hello']);
    inbox.stop();
    benInbox.stop();
  });

  it('refuses blocking yourself, a bad id or nobody, naming the field, and writes nothing', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    expect(await fieldErrorsOf(ada.api.safety.block.mutate({ userId: ada.user.id }))).toEqual({
      code: 'BAD_REQUEST',
      fields: { userId: ['You cannot block yourself'] },
    });
    expect(await fieldErrorsOf(ada.api.safety.block.mutate({ userId: 'not-an-id' }))).toEqual({
      code: 'BAD_REQUEST',
      fields: { userId: ['Not a valid id'] },
    });
    expect(await fieldErrorsOf(ada.api.safety.block.mutate({ userId: 'a'.repeat(24) }))).toEqual({
      code: 'NOT_FOUND',
      fields: { userId: ['Student not found'] },
    });
    expect(await database.db.collection('blocks').findOne({ _id: ada.user.id as never })).toBeNull();
  });

  it(`keeps a list to ${MAX_BLOCKED} students, with a clear error past it`, async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const ben = await signedUpStudent(server.url, 'ben');
    // A full list, written directly: signing up 500 students would only make the test slow.
    const at = new Date();
    const blocked = Array.from({ length: MAX_BLOCKED }, (_, i) => ({ userId: i.toString(16).padStart(24, '0'), at }));
    await database.db.collection('blocks').insertOne({ _id: ada.user.id as never, blocked, updatedAt: at });

    const error = await errorOf(ada.api.safety.block.mutate({ userId: ben.user.id }));
    expect(error.data?.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe(`You can block at most ${MAX_BLOCKED} students: unblock someone first`);
    await ada.api.safety.unblock.mutate({ userId: blocked[0]?.userId ?? '' });
    await ada.api.safety.block.mutate({ userId: ben.user.id });
    const list = await ada.api.safety.blocked.query();
    expect(list).toHaveLength(MAX_BLOCKED);
    expect(list[0]).toMatchObject({ userId: ben.user.id, username: ben.user.username });
  });

  it('limits reports, blocks and unblocks per student, with a clear error', async () => {
    const [ada, ben] = [await signedUpStudent(server.url, 'ada'), await signedUpStudent(server.url, 'ben')];
    for (let i = 0; i < 30; i += 1) await ada.api.safety.unblock.mutate({ userId: ben.user.id });
    const refused = await errorOf(ada.api.safety.block.mutate({ userId: ben.user.id }));
    expect(refused.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toBe('Slow down: at most 30 reports and blocks every 10 minutes');
    expect(await ada.api.safety.blocked.query()).toEqual([]);
    // Someone else's budget is their own.
    await ben.api.safety.block.mutate({ userId: ada.user.id });
  });
});
