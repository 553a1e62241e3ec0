import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '@studysync/api';
import { insertUser, type Database } from '@studysync/db';
import { errorOf, newStudent, signedUpStudent, studentClient } from './support/client';
import { openTestDatabase, startTestServer, type TestServer } from './support/server';

let server: TestServer;
let database: Database;

beforeAll(async () => {
  server = await startTestServer();
  database = await openTestDatabase(server.dbName);
});
afterAll(async () => {
  await database.client.close();
  await server.close();
});

const userCount = () => database.db.collection('users').countDocuments();

describe('sign up', () => {
  it('creates the account, signs the student in and never returns the password', async () => {
    const client = studentClient(server.url);
    const details = newStudent();
    const user = await client.api.auth.signup.mutate({ ...details, timeZone: 'Europe/Berlin' });
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      email: details.email,
      username: details.username,
      timeZone: 'Europe/Berlin',
      createdAt: expect.any(String),
      weeklyGoalHours: 10,
      showOnLeaderboard: true,
    });
    expect(JSON.stringify(user)).not.toContain(details.password);
    expect(client.cookie()).toMatch(/^studysync_session=[\w-]{43}$/);
    expect(await client.api.auth.me.query()).toEqual(user);

    const stored = await database.db.collection('users').findOne({ username: details.username });
    // N = 2^SCRYPT_LOG2_COST: 2^15 in production, 2^10 under test (support/server.ts).
    expect(stored?.['passwordHash']).toMatch(/^scrypt\$1024\$8\$1\$/);
    const session = await database.db.collection('authSessions').findOne({});
    expect(session?._id).not.toContain(client.token());
  });

  it('sets an HttpOnly, SameSite=Lax cookie', async () => {
    const response = await fetch(`${server.url}/trpc/auth.signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newStudent()),
    });
    const cookie = response.headers.getSetCookie()[0] ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure'); // only in production
  });

  it('refuses a duplicate email or username, case-insensitively, naming the field', async () => {
    const first = await signedUpStudent(server.url);
    const before = await userCount();

    const sameEmail = await errorOf(
      studentClient(server.url).api.auth.signup.mutate({
        ...newStudent(),
        email: first.details.email.toUpperCase(),
      }),
    );
    expect(sameEmail.data?.code).toBe('CONFLICT');
    expect(sameEmail.data?.fieldErrors).toEqual({ email: ['That email is already registered'] });

    const sameName = await errorOf(
      studentClient(server.url).api.auth.signup.mutate({
        ...newStudent(),
        username: first.details.username.toUpperCase(),
      }),
    );
    expect(sameName.data?.code).toBe('CONFLICT');
    expect(sameName.data?.fieldErrors).toEqual({ username: ['That username is taken'] });
    expect(await userCount()).toBe(before);
  });

  it.each([
    ['email', { email: 'not-an-email' }, 'Enter a valid email address'],
    ['email', { email: `${'a'.repeat(250)}@x.co` }, 'Email must be at most 254 characters'],
    ['username', { username: 'ab' }, 'Username must be at least 3 characters'],
    ['username', { username: 'a'.repeat(21) }, 'Username must be at most 20 characters'],
    ['username', { username: 'has space' }, 'Use only letters, digits and underscores'],
    ['password', { password: 'short' }, 'Password must be at least 8 characters'],
    ['password', { password: 'x'.repeat(129) }, 'Password must be at most 128 characters'],
    ['timeZone', { timeZone: 'Mars/Olympus' }, 'Unknown time zone'],
  ])('refuses a bad %s (%j) with a field message and writes nothing', async (field, patch, message) => {
    const before = await userCount();
    const error = await errorOf(studentClient(server.url).api.auth.signup.mutate({ ...newStudent(), ...patch }));
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(error.data?.fieldErrors?.[field]).toEqual([message]);
    expect(error.message).toContain(field);
    expect(await userCount()).toBe(before);
  });

  it.each([
    [
      'a common password',
      () => ({ password: 'password123' }),
      'This password is too common or easy to guess: try a few unrelated words',
    ],
    [
      'a keyboard walk',
      () => ({ password: 'qwertyuiop' }),
      'This password is too common or easy to guess: try a few unrelated words',
    ],
    [
      'the username',
      (s: ReturnType<typeof newStudent>) => ({ password: s.username.toUpperCase() }),
      'Choose a password that is not your username or email',
    ],
    [
      'the email',
      (s: ReturnType<typeof newStudent>) => ({ password: s.email }),
      'Choose a password that is not your username or email',
    ],
  ])('refuses %s as a password, naming the field, and writes nothing', async (_name, patch, message) => {
    const before = await userCount();
    const details = newStudent();
    const error = await errorOf(studentClient(server.url).api.auth.signup.mutate({ ...details, ...patch(details) }));
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(error.data?.fieldErrors).toEqual({ password: [message] });
    expect(await userCount()).toBe(before);
  });

  it('lets an account made before the password rules sign in with its old, weak password', async () => {
    const details = { ...newStudent(), password: 'password123' };
    const hasher = createPasswordHasher({ log2Cost: 10, hashConcurrency: 1, verifyConcurrency: 1, maxQueued: 10 });
    await insertUser(
      database.db,
      {
        email: details.email,
        username: details.username,
        passwordHash: await hasher.hash(details.password),
        timeZone: 'UTC',
      },
      new Date(),
    );
    const client = studentClient(server.url);
    await expect(
      client.api.auth.login.mutate({ identifier: details.username, password: details.password }),
    ).resolves.toMatchObject({
      username: details.username,
    });
  });

  it('refuses missing fields, naming each', async () => {
    const response = await fetch(`${server.url}/trpc/auth.signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { data: { fieldErrors: Record<string, string[]> } } };
    expect(Object.keys(body.error.data.fieldErrors).sort()).toEqual(['email', 'password', 'username']);
  });
});

describe('sign in and out', () => {
  it('signs in by email or by username, in any case', async () => {
    const { details, user } = await signedUpStudent(server.url);
    for (const identifier of [details.email, details.username, details.username.toUpperCase()]) {
      const client = studentClient(server.url);
      expect(await client.api.auth.me.query()).toBeNull();
      expect(await client.api.auth.login.mutate({ identifier, password: details.password })).toEqual(user);
      expect(await client.api.auth.me.query()).toEqual(user);
    }
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const { details } = await signedUpStudent(server.url);
    const wrong = await errorOf(
      studentClient(server.url).api.auth.login.mutate({ identifier: details.username, password: 'wrong password' }),
    );
    const unknown = await errorOf(
      studentClient(server.url).api.auth.login.mutate({ identifier: 'nobody_here', password: 'wrong password' }),
    );
    expect(wrong.data?.code).toBe('UNAUTHORIZED');
    expect(unknown.data?.code).toBe('UNAUTHORIZED');
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.data?.fieldErrors).toBeUndefined();
  });

  it('signs out: the cookie is cleared and the old token no longer works', async () => {
    const client = await signedUpStudent(server.url);
    const oldCookie = client.cookie();
    expect(await client.api.auth.logout.mutate()).toEqual({ ok: true });
    expect(client.cookie()).toBeUndefined();
    expect(await client.api.auth.me.query()).toBeNull();

    const replay = await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie: oldCookie ?? '' } });
    expect(((await replay.json()) as { result: { data: unknown } }).result.data).toBeNull();
  });

  it('throttles repeated failures for one account, even with the right password', async () => {
    const { details } = await signedUpStudent(server.url);
    const client = studentClient(server.url);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const error = await errorOf(client.api.auth.login.mutate({ identifier: details.email, password: 'nope nope' }));
      expect(error.data?.code).toBe('UNAUTHORIZED');
    }
    const throttled = await errorOf(
      client.api.auth.login.mutate({ identifier: details.email, password: details.password }),
    );
    expect(throttled.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(throttled.message).toMatch(/Try again in 15 minutes/);
  });
});

describe('who is asking', () => {
  it('refuses protected procedures to anonymous callers', async () => {
    const error = await errorOf(studentClient(server.url).api.account.updateSettings.mutate({ timeZone: 'UTC' }));
    expect(error.data?.code).toBe('UNAUTHORIZED');
  });

  it('refuses a forged or expired token', async () => {
    const response = await fetch(`${server.url}/trpc/account.updateSettings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'studysync_session=forged' },
      body: JSON.stringify({ timeZone: 'UTC' }),
    });
    expect(response.status).toBe(401);
  });

  it('lets a student change their time zone, validated', async () => {
    const client = await signedUpStudent(server.url);
    const updated = await client.api.account.updateSettings.mutate({ timeZone: 'America/New_York' });
    expect(updated.timeZone).toBe('America/New_York');
    const bad = await errorOf(client.api.account.updateSettings.mutate({ timeZone: 'Nowhere/Land' }));
    expect(bad.data?.fieldErrors).toEqual({ timeZone: ['Unknown time zone'] });
    expect((await client.api.auth.me.query())?.timeZone).toBe('America/New_York');
  });

  it('refuses mutations from a foreign Origin and accepts its own', async () => {
    const before = await userCount();
    const foreign = studentClient(server.url, { origin: 'https://evil.example' });
    const error = await errorOf(foreign.api.auth.signup.mutate(newStudent()));
    expect(error.data?.code).toBe('FORBIDDEN');
    expect(await userCount()).toBe(before);

    const own = studentClient(server.url, { origin: server.url });
    await expect(own.api.auth.signup.mutate(newStudent())).resolves.toMatchObject({ timeZone: 'UTC' });
  });
});
