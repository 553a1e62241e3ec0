import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '@studysync/db';
import { newStudent, signedUpStudent, studentClient } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';

// The production hash cost, so hashing is the bottleneck it is in production.
let server: TestServer;
let database: Database;
beforeAll(async () => {
  server = await startTestServer({ env: { SCRYPT_LOG2_COST: '15', HASH_CONCURRENCY: '2', HASH_QUEUE_MAX: '10' } });
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

it('keeps sign-in responsive under a flood of sign-ups: hashing is bounded and queued apart, the excess refused as busy', async () => {
  const owner = await signedUpStudent(server.url);
  const usersBefore = await database.db.collection('users').countDocuments();

  let signUpsDone = 0;
  const flood = Array.from({ length: 40 }, () =>
    studentClient(server.url)
      .api.auth.signup.mutate(newStudent())
      .then(
        () => {
          signUpsDone += 1;
          return 'accepted';
        },
        (error: unknown) => (error instanceof TRPCClientError ? String(error.data?.code) : 'failed'),
      ),
  );
  let doneBeforeSignIn = -1;
  const signIn = studentClient(server.url)
    .api.auth.login.mutate({ identifier: owner.details.username, password: owner.details.password })
    .finally(() => (doneBeforeSignIn = signUpsDone));

  await expect(signIn).resolves.toEqual(owner.user);
  const outcomes = await Promise.all(flood);
  const accepted = outcomes.filter((outcome) => outcome === 'accepted').length;
  const busy = outcomes.filter((outcome) => outcome === 'TOO_MANY_REQUESTS').length;
  expect(accepted + busy).toBe(40);
  // At most 2 hashing and 10 waiting at any moment: the rest were told to come back.
  expect(busy).toBeGreaterThan(0);
  // The sign-in did not wait behind the queue of sign-ups that were let in.
  expect(doneBeforeSignIn).toBeLessThan(accepted);
  expect(await database.db.collection('users').countDocuments()).toBe(usersBefore + accepted);
});
