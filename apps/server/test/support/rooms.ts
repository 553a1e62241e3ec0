import { expect } from 'vitest';
import type { CreateRoomInput } from '@studysync/validators';
import type { StudentClient } from './client';

/**
 * Room tests move the server's clock (whole minutes, a study minute being a real one), so
 * minutes are exact and nothing waits on real time: the sweep (every 100 ms) catches up.
 */
export class TestClock {
  private offsetMs = 0;
  readonly now = () => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export const ROOM_ENV = {
  STUDY_MINUTE_MS: '60000',
  PRESENCE_GRACE_MS: '15000',
  STUDY_WAITING_GRACE_MS: '30000',
  SWEEP_INTERVAL_MS: '100',
  ROOM_EMPTY_CLOSE_MS: '600000',
};
export const MINUTE = 60_000;

/** 10-minute focus blocks, 5-minute breaks, a 15-minute long break after 2 blocks. */
export const SHORT_CYCLE = {
  focusMinutes: 10,
  breakMinutes: 5,
  cyclesBeforeLongBreak: 2,
  longBreakMinutes: 15,
  chatDuringFocus: true,
};

export function roomInput(overrides: Partial<CreateRoomInput> = {}): CreateRoomInput {
  return { name: 'Calculus crew', visibility: 'public', capacity: 12, cycle: SHORT_CYCLE, ...overrides };
}

type Event = { type: string; id?: string; [key: string]: unknown };

/** What a rooms.events subscription delivered: tracked events are unwrapped (the envelope id kept as `cursor`). */
export interface RoomEventStream {
  events: Event[];
  errors: unknown[];
  ended: () => boolean;
  ofType(type: string): Event[];
  waitFor(type: string, count?: number): Promise<void>;
  stop(): void;
}

export function openRoomEvents(
  client: StudentClient,
  input: { roomId: string; lastEventId?: string | null },
): RoomEventStream {
  const events: Event[] = [];
  const errors: unknown[] = [];
  let ended = false;
  const subscription = client.api.rooms.events.subscribe(input, {
    onData(item) {
      events.push({ ...item.data, cursor: item.id });
    },
    onError(error) {
      errors.push(error);
    },
    onComplete() {
      ended = true;
    },
  });
  const ofType = (type: string) => events.filter((event) => event.type === type);
  return {
    events,
    errors,
    ended: () => ended,
    ofType,
    async waitFor(type, count = 1) {
      await expect.poll(() => ofType(type).length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(count);
    },
    stop: () => subscription.unsubscribe(),
  };
}

/** Waits until every one of the room's members has a stream open (so presence counts them). */
export async function waitAllHere(client: StudentClient, roomId: string, count: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const room = await client.api.rooms.get.query({ roomId });
        return room.members.filter((member) => member.presence === 'here').length;
      },
      { timeout: 10_000, interval: 30 },
    )
    .toBe(count);
}

/** Every persisted event of the room, oldest first (through `rooms.history`). */
export async function roomLog(client: StudentClient, roomId: string): Promise<Event[]> {
  const all: Event[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await client.api.rooms.history.query({ roomId, limit: 100, ...(before ? { before } : {}) });
    all.unshift(...page.events);
    if (!page.nextBefore) return all;
    before = page.nextBefore;
  }
}
