import { describe, expect, it } from 'vitest';
import { roomPhaseAt, roomSegment, type RoomRun } from '@studysync/validators';

const MINUTE = 1000;
const run: RoomRun = {
  startedAt: 100_000,
  skippedMs: 0,
  cycle: { focusMinutes: 25, breakMinutes: 5, cyclesBeforeLongBreak: 2, longBreakMinutes: 15 },
};

describe('the room schedule', () => {
  it('walks focus, break, focus, long break, and starts over', () => {
    const at = (minutes: number) => roomPhaseAt(run, run.startedAt + minutes * MINUTE, MINUTE);
    expect(at(0)).toMatchObject({ kind: 'focus', segment: 0, block: 1, endsAt: run.startedAt + 25 * MINUTE });
    expect(at(24.9)).toMatchObject({ kind: 'focus', block: 1 });
    expect(at(25)).toMatchObject({ kind: 'break', segment: 1, block: 1 });
    expect(at(30)).toMatchObject({ kind: 'focus', segment: 2, block: 2 });
    expect(at(55)).toMatchObject({ kind: 'longBreak', segment: 3, block: 2, endsAt: run.startedAt + 70 * MINUTE });
    expect(at(70)).toMatchObject({ kind: 'focus', segment: 4, block: 3, startsAt: run.startedAt + 70 * MINUTE });
  });

  it('moves the whole schedule forward by the time skipped breaks took out', () => {
    // The first break skipped after one minute: block 2 starts at minute 26.
    const skipped: RoomRun = { ...run, skippedMs: 4 * MINUTE };
    expect(roomPhaseAt(skipped, run.startedAt + 26 * MINUTE, MINUTE)).toMatchObject({
      kind: 'focus',
      block: 2,
      startsAt: run.startedAt + 26 * MINUTE,
      endsAt: run.startedAt + 51 * MINUTE,
    });
  });

  it('finds a segment by number with the same times as the clock does', () => {
    for (const minutes of [0, 26, 31, 60, 71, 140, 1000]) {
      const phase = roomPhaseAt(run, run.startedAt + minutes * MINUTE, MINUTE);
      expect(roomSegment(run, phase.segment, MINUTE)).toEqual(phase);
    }
  });
});
