import { expect } from 'vitest';
import { newStudent, studentClient, type StudentClient } from './client';
import type { TestServer } from './server';
import { MINUTE_MS, STUDY_ENV } from './study';

/**
 * Progress tests drive sessions by an injected clock: a session starts at the clock's time,
 * and ends when the test ends it early or moves the clock past its end and runs the sweep.
 * A study minute is 80 ms of (fake) time, so a 25-minute session fits between 23:59:59 and
 * 00:00:01 — right across a student's midnight. The sweep only runs when a test asks.
 */
export const PROGRESS_ENV = { ...STUDY_ENV, SWEEP_INTERVAL_MS: '600000' };

export function fakeClock(start: string) {
  let current = new Date(start);
  return {
    now: () => current,
    set(at: string | Date) {
      current = new Date(at);
    },
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}
export type FakeClock = ReturnType<typeof fakeClock>;

export type Student = StudentClient & {
  user: { id: string; username: string };
  details: ReturnType<typeof newStudent>;
};

/** A new student whose profile is in `timeZone`. */
export async function studentIn(server: TestServer, timeZone: string, prefix = 'p'): Promise<Student> {
  const client = studentClient(server.url);
  const details = newStudent(prefix);
  const user = await client.api.auth.signup.mutate({ ...details, timeZone });
  return { ...client, user, details };
}

export async function pair(a: Student, b: Student, minutes: 25 | 50 | 90): Promise<string> {
  const waiting = await a.api.study.findPartner.mutate({ minutes });
  const active = await b.api.study.findPartner.mutate({ minutes });
  expect(active.id).toBe(waiting.id);
  expect(active.status).toBe('active');
  return active.id;
}

/** A session from `startAt` that runs its full length; ends `minutes` study minutes later. */
export async function completeSession(
  server: TestServer,
  clock: FakeClock,
  a: Student,
  b: Student,
  minutes: 25 | 50 | 90,
  startAt: string | Date,
): Promise<{ sessionId: string; endedAt: Date }> {
  clock.set(startAt);
  const sessionId = await pair(a, b, minutes);
  const endedAt = new Date(clock.now().getTime() + minutes * MINUTE_MS);
  clock.set(new Date(endedAt.getTime() + 1));
  await server.jobs.runNow('study-sweep');
  const done = await a.api.study.get.query({ sessionId });
  expect(done.status).toBe('completed');
  return { sessionId, endedAt };
}

/** A session from `startAt` that `quitter` ends after `after` study minutes. */
export async function endEarlySession(
  clock: FakeClock,
  a: Student,
  b: Student,
  quitter: Student,
  after: number,
  startAt: string | Date,
  minutes: 25 | 50 | 90 = 90,
): Promise<{ sessionId: string; endedAt: Date }> {
  clock.set(startAt);
  const sessionId = await pair(a, b, minutes);
  clock.advance(after * MINUTE_MS);
  const ended = await quitter.api.study.endEarly.mutate({ sessionId });
  expect(ended.status).toBe('endedEarly');
  return { sessionId, endedAt: new Date(ended.endedAt ?? '') };
}

/** What a leaderboard.live subscription delivered (tracked items: `{ id, data }`). */
export function openBoardStream(client: StudentClient, board: 'week' | 'month' | 'all') {
  const items: {
    id: string;
    data: {
      periodId: string;
      version: number;
      ranked: number;
      top: { username: string; minutes: number; rank: number }[];
    };
  }[] = [];
  const errors: unknown[] = [];
  const subscription = client.api.leaderboard.live.subscribe(
    { board },
    {
      onData(item) {
        items.push(item);
      },
      onError(error) {
        errors.push(error);
      },
    },
  );
  return {
    items,
    errors,
    last: () => items.at(-1)?.data,
    async waitFor(predicate: (data: (typeof items)[number]['data']) => boolean) {
      await expect.poll(() => items.some((item) => predicate(item.data)), { timeout: 10_000, interval: 20 }).toBe(true);
    },
    stop: () => subscription.unsubscribe(),
  };
}
