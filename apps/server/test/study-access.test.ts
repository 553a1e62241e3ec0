import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@studysync/db';
import { errorOf, errorsOf, signedUpStudent, studentClient } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';
import { openRoomStream, STUDY_ENV } from './support/study';

let server: TestServer;
let database: Database;
beforeAll(async () => {
  server = await startTestServer({ env: { ...STUDY_ENV, STUDY_MINUTE_MS: '1000' } });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

async function activePair() {
  const ada = await signedUpStudent(server.url, 'ada');
  const ben = await signedUpStudent(server.url, 'ben');
  await ada.api.study.findPartner.mutate({ minutes: 90 });
  const active = await ben.api.study.findPartner.mutate({ minutes: 90 });
  return { ada, ben, sessionId: active.id };
}

const count = (collection: string) => database.db.collection(collection).countDocuments();

describe('outsiders', () => {
  it('learn nothing of a session they are not in: NOT_FOUND everywhere', async () => {
    const { sessionId } = await activePair();
    const eve = await signedUpStudent(server.url, 'eve');
    const calls = [
      eve.api.study.get.query({ sessionId }),
      eve.api.study.history.query({ sessionId }),
      eve.api.study.sendMessage.mutate({ sessionId, text: 'let me in' }),
      eve.api.study.typing.mutate({ sessionId }),
      eve.api.study.endEarly.mutate({ sessionId }),
      eve.api.study.checkIn.mutate({ sessionId, result: 'yes' }),
    ];
    for (const error of await errorsOf(calls)) {
      expect(error.data?.code).toBe('NOT_FOUND');
      expect(error.message).toBe('Study session not found');
    }
    const stream = openRoomStream(eve, { sessionId });
    await expect.poll(() => stream.errors.length).toBe(1);
    expect(stream.errors[0]).toMatchObject({ data: { code: 'NOT_FOUND' } });
    expect(stream.events).toEqual([]);
    // An id that exists nowhere answers the same.
    expect((await errorOf(eve.api.study.get.query({ sessionId: '0'.repeat(24) }))).data?.code).toBe('NOT_FOUND');
  });

  it('signed-out callers are refused', async () => {
    const anonymous = studentClient(server.url);
    expect((await errorOf(anonymous.api.study.findPartner.mutate({ minutes: 25 }))).data?.code).toBe('UNAUTHORIZED');
    expect((await errorOf(anonymous.api.study.current.query())).data?.code).toBe('UNAUTHORIZED');
    expect((await errorOf(anonymous.api.study.stats.query())).data?.code).toBe('UNAUTHORIZED');
  });
});

describe('bad input is refused with the field named, and nothing is written', () => {
  it('findPartner', async () => {
    const ada = await signedUpStudent(server.url, 'ada');
    const before = await count('studySessions');
    const length = await errorOf(ada.api.study.findPartner.mutate({ minutes: 30 as 25 }));
    expect(length.data?.code).toBe('BAD_REQUEST');
    expect(length.data?.fieldErrors).toEqual({ minutes: ['Choose 25, 50 or 90 minutes'] });
    const goal = await errorOf(ada.api.study.findPartner.mutate({ minutes: 25, goal: 'x'.repeat(281) }));
    expect(goal.data?.fieldErrors).toEqual({ goal: ['Keep your goal to 280 characters'] });
    expect(await count('studySessions')).toBe(before);
    expect(await ada.api.study.current.query()).toBeNull();
  });

  it('messages, ids and check-ins', async () => {
    const { ada, sessionId } = await activePair();
    const before = await count('roomEvents');
    const empty = await errorOf(ada.api.study.sendMessage.mutate({ sessionId, text: '   ' }));
    expect(empty.data?.fieldErrors).toEqual({ text: ['Write a message first'] });
    const long = await errorOf(ada.api.study.sendMessage.mutate({ sessionId, text: 'x'.repeat(2001) }));
    expect(long.data?.fieldErrors).toEqual({ text: ['Messages can be up to 2000 characters'] });
    const badId = await errorOf(ada.api.study.sendMessage.mutate({ sessionId: 'not-an-id', text: 'hi' }));
    expect(badId.data?.fieldErrors).toEqual({ sessionId: ['Not a valid id'] });
    expect(await count('roomEvents')).toBe(before);

    const early = await errorOf(ada.api.study.checkIn.mutate({ sessionId, result: 'yes' }));
    expect(early.data?.code).toBe('PRECONDITION_FAILED');
    const badResult = await errorOf(ada.api.study.checkIn.mutate({ sessionId, result: 'maybe' as 'yes' }));
    expect(badResult.data?.fieldErrors).toEqual({ result: ['Choose yes, partly or no'] });
    const badNote = await errorOf(ada.api.study.checkIn.mutate({ sessionId, result: 'no', note: 'n'.repeat(1001) }));
    expect(badNote.data?.fieldErrors).toEqual({ note: ['Keep the note to 1000 characters'] });
    await ada.api.study.endEarly.mutate({ sessionId });
  });
});

it('applies one free-text rule to chat, goals and notes: line breaks yes, control characters no', async () => {
  const { ada, sessionId } = await activePair();
  const before = await count('roomEvents');
  for (const text of ['bell \u0007', 'escape \u001b[31m', 'nul \u0000', 'carriage\rreturn']) {
    const refused = await errorOf(ada.api.study.sendMessage.mutate({ sessionId, text }));
    expect(refused.data?.fieldErrors).toEqual({
      text: ['Remove control characters (only line breaks and tabs are allowed)'],
    });
  }
  expect(await count('roomEvents')).toBe(before);
  await expect(ada.api.study.sendMessage.mutate({ sessionId, text: 'two\nlines\tand a tab' })).resolves.toMatchObject({
    text: 'two\nlines\tand a tab',
  });
  const badNote = await errorOf(ada.api.study.checkIn.mutate({ sessionId, result: 'no', note: 'oops\u0008' }));
  expect(badNote.data?.fieldErrors).toEqual({
    note: ['Remove control characters (only line breaks and tabs are allowed)'],
  });
  await ada.api.study.endEarly.mutate({ sessionId });

  const eve = await signedUpStudent(server.url, 'eve');
  const badGoal = await errorOf(eve.api.study.findPartner.mutate({ minutes: 25, goal: 'finish \u001b chapter' }));
  expect(badGoal.data?.fieldErrors).toEqual({
    goal: ['Remove control characters (only line breaks and tabs are allowed)'],
  });
  expect(await eve.api.study.current.query()).toBeNull();
});

it('rate-limits typing updates per student', async () => {
  const { ada, ben, sessionId } = await activePair();
  for (let i = 0; i < 20; i += 1) await ada.api.study.typing.mutate({ sessionId });
  const limited = await errorOf(ada.api.study.typing.mutate({ sessionId }));
  expect(limited.data?.code).toBe('TOO_MANY_REQUESTS');
  await expect(ben.api.study.typing.mutate({ sessionId })).resolves.toEqual({ ok: true });
  await ada.api.study.endEarly.mutate({ sessionId });
});

it('rate-limits messages per student with a clear error, without storing the refused one', async () => {
  const { ada, ben, sessionId } = await activePair();
  for (let i = 1; i <= 10; i += 1) await ada.api.study.sendMessage.mutate({ sessionId, text: `msg ${i}` });
  const before = await count('roomEvents');
  const limited = await errorOf(ada.api.study.sendMessage.mutate({ sessionId, text: 'one too many' }));
  expect(limited.data?.code).toBe('TOO_MANY_REQUESTS');
  expect(limited.message).toBe('Slow down: at most 10 messages every 10 seconds');
  expect(await count('roomEvents')).toBe(before);
  // The limit is per student: Ben can still talk.
  await expect(ben.api.study.sendMessage.mutate({ sessionId, text: 'I can' })).resolves.toMatchObject({
    text: 'I can',
  });
  await ada.api.study.endEarly.mutate({ sessionId });
});
