import { expect } from 'vitest';
import type { StudentClient } from './client';

/** Study timing for tests: a 25-minute session lasts 2 s, the 5-minute mark comes at 1.6 s. */
export const STUDY_ENV = {
  STUDY_MINUTE_MS: '80',
  PRESENCE_GRACE_MS: '300',
  SWEEP_INTERVAL_MS: '100',
};
export const MINUTE_MS = Number(STUDY_ENV.STUDY_MINUTE_MS);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until a running session has lasted `minutes` (by the server's clock): a stay that long counts. */
export async function waitStudied(client: StudentClient, sessionId: string, minutes: number): Promise<void> {
  await expect
    .poll(async () => (await client.api.study.get.query({ sessionId })).minutesStudied, {
      timeout: 10_000,
      interval: 20,
    })
    .toBeGreaterThanOrEqual(minutes);
}

type EventsInput = { sessionId: string; lastEventId?: string | null };

/** What a study.events subscription delivered, flattened: tracked events are unwrapped. */
export interface RoomStream {
  events: { type: string; id?: string; [key: string]: unknown }[];
  errors: unknown[];
  ofType(type: string): { type: string; id?: string; [key: string]: unknown }[];
  waitFor(type: string, count?: number): Promise<void>;
  stop(): void;
}

export function openRoomStream(client: StudentClient, input: EventsInput): RoomStream {
  const events: RoomStream['events'] = [];
  const errors: unknown[] = [];
  const subscription = client.api.study.events.subscribe(input, {
    onData(item) {
      // Persisted events carry their own id; the envelope's id is the stream's resume point.
      events.push({ id: item.id, ...item.data });
    },
    onError(error) {
      errors.push(error);
    },
  });
  const ofType = (type: string) => events.filter((event) => event.type === type);
  return {
    events,
    errors,
    ofType,
    async waitFor(type, count = 1) {
      await expect.poll(() => ofType(type).length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(count);
    },
    stop: () => subscription.unsubscribe(),
  };
}

/** The user's personal stream (account.events). */
export function openUserStream(client: StudentClient) {
  const events: { type: string; [key: string]: unknown }[] = [];
  const subscription = client.api.account.events.subscribe(undefined, {
    onData(item) {
      events.push(item.data);
    },
  });
  return { events, stop: () => subscription.unsubscribe() };
}
