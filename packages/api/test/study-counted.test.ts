import { describe, expect, it } from 'vitest';
import type { SeatDoc, StudySessionDoc } from '@studysync/db';
import { countedMinutes } from '../src/study/outcomes';

const MINUTE = 60_000;
const START = new Date('2026-05-04T09:00:00Z');
const at = (minutes: number) => new Date(START.getTime() + minutes * MINUTE);

function session(plannedMinutes: number, endedAfter: number): StudySessionDoc {
  return { startedAt: START, plannedMinutes, endedAt: at(endedAfter) } as unknown as StudySessionDoc;
}
const seat = (leftAfter: number | null) => ({ disconnectedAt: leftAfter === null ? null : at(leftAfter) }) as SeatDoc;

describe('what a session counts for a student', () => {
  it('counts the minutes they studied once they reach 5, in a session of any length', () => {
    expect(countedMinutes(session(25, 25), seat(null), MINUTE)).toBe(25);
    expect(countedMinutes(session(25, 5), seat(null), MINUTE)).toBe(5);
    expect(countedMinutes(session(90, 90), seat(12), MINUTE)).toBe(12);
    expect(countedMinutes(session(50, 50), seat(5), MINUTE)).toBe(5);
  });

  it('records nothing for a stay under 5 minutes, even in a longer session', () => {
    expect(countedMinutes(session(25, 4), seat(null), MINUTE)).toBeNull();
    expect(countedMinutes(session(90, 90), seat(1), MINUTE)).toBeNull();
    expect(countedMinutes(session(25, 25), seat(4.9), MINUTE)).toBeNull();
  });
});
