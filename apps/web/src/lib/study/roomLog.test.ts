import type { PersistedRoomEvent } from '@studysync/api';
import { describe, expect, it } from 'vitest';
import { describeRoomEvent, mergeRoomEvents, newestEventId } from './roomLog';
import { partnerPresence } from './presence';

const ME = 'a'.repeat(24);
const THEM = 'b'.repeat(24);

function message(id: number, text = `message ${id}`, authorId = THEM): PersistedRoomEvent {
  return {
    id: String(id),
    at: new Date(Date.UTC(2025, 2, 1, 10, 0, id)).toISOString(),
    type: 'message',
    authorId,
    authorName: authorId === ME ? 'ada_l' : 'grace_h',
    text,
  };
}
const ids = (log: readonly PersistedRoomEvent[]): string[] => log.map((event) => event.id);

describe('mergeRoomEvents', () => {
  it('orders by number, not by string (9 before 10)', () => {
    const log = mergeRoomEvents([], [message(10), message(9), message(100), message(11)]);
    expect(ids(log)).toEqual(['9', '10', '11', '100']);
  });

  it('keeps each event once, the copy it already had', () => {
    const first = message(3, 'first copy');
    const log = mergeRoomEvents([message(1), message(2), first], [message(3, 'second copy'), message(3)]);
    expect(ids(log)).toEqual(['1', '2', '3']);
    expect(log[2]).toBe(first);
  });

  it('merges a reconnect backfill that overlaps what arrived live', () => {
    // History 1–5, then live 6 and 7, then the connection drops; live 10 reaches us on the
    // new connection before the server's backfill of 6–9 (it resends from our last id).
    let log = mergeRoomEvents(
      [],
      [1, 2, 3, 4, 5].map((id) => message(id)),
    );
    log = mergeRoomEvents(log, [message(6)]);
    log = mergeRoomEvents(log, [message(7)]);
    log = mergeRoomEvents(log, [message(10)]);
    log = mergeRoomEvents(
      log,
      [6, 7, 8, 9].map((id) => message(id)),
    );
    expect(ids(log)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('puts an earlier history page in front', () => {
    const log = mergeRoomEvents([message(51), message(52)], [message(49), message(50), message(51)]);
    expect(ids(log)).toEqual(['49', '50', '51', '52']);
  });

  it('returns the same log when nothing is new, so nothing re-renders', () => {
    const log = mergeRoomEvents([], [message(1), message(2)]);
    expect(mergeRoomEvents(log, [message(2)])).toBe(log);
    expect(mergeRoomEvents(log, [])).toBe(log);
  });
});

describe('event ids', () => {
  it('finds the newest', () => {
    expect(newestEventId([])).toBeNull();
    expect(newestEventId(mergeRoomEvents([], [message(9), message(12)]))).toBe('12');
  });
});

describe('describeRoomEvent', () => {
  const at = '2025-03-01T10:00:00.000Z';
  it('says what happened, from my point of view', () => {
    expect(describeRoomEvent({ id: '1', at, type: 'partnerJoined', userId: THEM, username: 'grace_h' }, ME)).toBe(
      'grace_h joined. The timer has started.',
    );
    expect(describeRoomEvent({ id: '2', at, type: 'endedEarly', userId: ME, username: 'ada_l' }, ME)).toBe(
      'You ended the session early',
    );
    expect(describeRoomEvent({ id: '3', at, type: 'disconnected', userId: THEM, username: 'grace_h' }, ME)).toBe(
      'grace_h lost connection',
    );
    expect(describeRoomEvent({ id: '4', at, type: 'reconnected', userId: THEM, username: 'grace_h' }, ME)).toBe(
      'grace_h is back',
    );
    expect(describeRoomEvent({ id: '5', at, type: 'fiveMinutesLeft', endsAt: at }, ME)).toBe('5 minutes left');
    expect(describeRoomEvent({ id: '6', at, type: 'partnerMissing', userId: THEM, username: 'grace_h' }, ME)).toBe(
      "grace_h didn't arrive",
    );
  });
});

describe('partnerPresence', () => {
  const no = { recentlyBack: false, justPaired: false };
  it('tells online, back, joining, left and disconnected apart', () => {
    expect(partnerPresence({ online: true, disconnected: false }, no)).toBe('online');
    expect(partnerPresence({ online: true, disconnected: false }, { ...no, recentlyBack: true })).toBe('back');
    expect(partnerPresence({ online: false, disconnected: false }, no)).toBe('left');
    expect(partnerPresence({ online: false, disconnected: false }, { ...no, justPaired: true })).toBe('joining');
    expect(partnerPresence({ online: false, disconnected: true }, { recentlyBack: true, justPaired: true })).toBe(
      'disconnected',
    );
  });
});
