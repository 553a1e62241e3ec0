import { afterAll, beforeAll, expect, it } from 'vitest';
import { ObjectId, roomLockKey, type Database } from '@studysync/db';
import { errorOf, errorsOf, signedUpStudent } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';

const logLines: string[] = [];
let server: TestServer;
let database: Database;
beforeAll(async () => {
  server = await startTestServer({ env: { LOG_LEVEL: 'error' }, logLines });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

it('answers lock contention with TOO_MANY_REQUESTS that names no lock or key, never a 500', async () => {
  const ada = await signedUpStudent(server.url, 'ada');
  const ben = await signedUpStudent(server.url, 'ben');
  await ada.api.study.findPartner.mutate({ minutes: 90 });
  const { id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 90 });
  // Another server holds the room's lock (and keeps it past every wait).
  const key = roomLockKey(new ObjectId(sessionId));
  const locks = database.db.collection<{ _id: string; owner: string; expiresAt: Date }>('locks');
  await locks.insertOne({ _id: key, owner: 'elsewhere', expiresAt: new Date(Date.now() + 60_000) });

  const errors = await errorsOf(
    Array.from({ length: 20 }, (_, index) => (index % 2 ? ada : ben).api.study.endEarly.mutate({ sessionId })),
  );
  for (const error of errors) {
    expect(error.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(error.data?.httpStatus).toBe(429);
    expect(error.message).toBe('Busy right now: please try again in a moment');
    expect(error.message).not.toMatch(/lock|room:|[0-9a-f]{24}/i);
  }
  await locks.deleteOne({ _id: key });
  await expect(ada.api.study.endEarly.mutate({ sessionId })).resolves.toMatchObject({ status: 'endedEarly' });
}, 30_000);

it('answers an unexpected error with a generic message and a reference, and logs the whole error under it', async () => {
  const student = await signedUpStudent(server.url);
  // A document the code cannot read: the kind of fault no input can cause.
  await database.db
    .collection('users')
    .updateOne({ username: student.details.username }, { $set: { createdAt: 'not a date' } });
  const error = await errorOf(student.api.auth.me.query());
  expect(error.data?.code).toBe('INTERNAL_SERVER_ERROR');
  const reference = error.data?.requestId ?? '';
  expect(reference).toMatch(/^[0-9a-f-]{36}$/);
  expect(error.message).toBe(`Something went wrong on our side. Reference: ${reference}`);
  expect(JSON.stringify(error.data)).not.toMatch(/toISOString|stack|\.ts:/);

  const logged = logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((entry) => entry['reqId'] === reference);
  expect(logged?.['msg']).toBe('Procedure failed');
  expect(JSON.stringify(logged?.['err'])).toContain('toISOString');
});

it('treats a malformed Cookie header as no sign-in, not a server error', async () => {
  const response = await fetch(`${server.url}/trpc/auth.me`, {
    headers: { cookie: 'studysync_session=%E0%A4%A; x=%' },
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { result: { data: unknown } }).result.data).toBeNull();
});

it('gives every HTTP response a request id', async () => {
  const response = await fetch(`${server.url}/healthz`);
  expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});
