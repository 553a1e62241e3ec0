import { describe, expect, it } from 'vitest';
import { clockOffsetMs, elapsedMs, formatClock, remainingMs, spokenRemaining } from './countdown';

const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

describe('clockOffsetMs', () => {
  it('is the server clock minus the local clock when the state arrived', () => {
    const local = Date.parse('2025-03-01T10:00:00.000Z');
    expect(clockOffsetMs('2025-03-01T11:00:00.000Z', local)).toBe(60 * MINUTE);
    expect(clockOffsetMs('2025-03-01T09:59:30.000Z', local)).toBe(-30_000);
    expect(clockOffsetMs('not a date', local)).toBe(0);
  });
});

describe('remainingMs', () => {
  // The server's clock runs an hour ahead of this laptop's (a wrong time zone setting, say).
  const receivedAt = Date.parse('2025-03-01T10:00:00.000Z');
  const serverTime = Date.parse('2025-03-01T11:00:00.000Z');
  const endsAt = iso(serverTime + 25 * MINUTE);
  const offset = clockOffsetMs(iso(serverTime), receivedAt);

  it('counts down from endsAt by the server clock, not the local one', () => {
    expect(remainingMs(endsAt, receivedAt, offset)).toBe(25 * MINUTE);
    expect(formatClock(remainingMs(endsAt, receivedAt + 10_000, offset))).toBe('24:50');
    // Ignoring the offset would show an hour too much.
    expect(formatClock(remainingMs(endsAt, receivedAt, 0))).toBe('1:25:00');
  });

  it('is right on the first tick after the tab was asleep', () => {
    // Ticks every second for 3 seconds, then the laptop sleeps 7 minutes: no ticks at all.
    const ticks = [1_000, 2_000, 3_000, 3_000 + 7 * MINUTE].map((dt) => receivedAt + dt);
    const shown = ticks.map((now) => formatClock(remainingMs(endsAt, now, offset)));
    expect(shown).toEqual(['24:59', '24:58', '24:57', '17:57']);
  });

  it('stops at zero and is zero without an end', () => {
    expect(remainingMs(endsAt, receivedAt + 26 * MINUTE, offset)).toBe(0);
    expect(remainingMs(null, receivedAt, offset)).toBe(0);
  });
});

describe('elapsedMs', () => {
  it('counts up from a server timestamp, never below zero', () => {
    const local = Date.parse('2025-03-01T10:00:00.000Z');
    expect(elapsedMs('2025-03-01T10:59:00.000Z', local, 60 * MINUTE)).toBe(MINUTE);
    expect(elapsedMs('2025-03-01T10:01:00.000Z', local, 0)).toBe(0);
  });
});

describe('formatClock', () => {
  it('rounds a countdown up, so 00:00 means the time is over', () => {
    expect(formatClock(25 * MINUTE)).toBe('25:00');
    expect(formatClock(25 * MINUTE - 999)).toBe('25:00');
    expect(formatClock(25 * MINUTE - 1_000)).toBe('24:59');
    expect(formatClock(1)).toBe('00:01');
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(-5_000)).toBe('00:00');
  });

  it('shows hours for a marathon and rounds elapsed time down', () => {
    expect(formatClock(90 * MINUTE)).toBe('1:30:00');
    expect(formatClock(61_999, 'down')).toBe('01:01');
  });
});

describe('spokenRemaining', () => {
  it('speaks in whole minutes', () => {
    expect(spokenRemaining(25 * MINUTE)).toBe('25 minutes left');
    expect(spokenRemaining(MINUTE)).toBe('1 minute left');
    expect(spokenRemaining(59_000)).toBe('Less than a minute left');
    expect(spokenRemaining(0)).toBe('Time is up');
  });
});
