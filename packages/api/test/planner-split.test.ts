import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../src/dates';
import { planStages, splitDays, splitIntoStages, STAGES, type PlannedStage } from '../src/planner/split';

const WEIGHTS = STAGES.map((stage) => stage.weight);
const ZONES = Intl.supportedValuesOf('timeZone');

/** A calendar date between 1990 and 2100. */
const dateArb = fc.integer({ min: 0, max: 40_000 }).map((offset) => addDays('1990-01-01', offset));
const spanArb = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 1_500 }));

/** The local calendar date at `instant` in `zone`, computed without luxon. */
function localDate(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** The invariants every plan from `start` through `due` must satisfy. */
function expectValidPlan(stages: PlannedStage[], start: string, due: string): void {
  const totalDays = daysBetween(start, due) + 1;
  expect(stages.map((stage) => stage.key)).toEqual(['planning', 'research', 'developing', 'reviewing']);
  // Contiguous and ordered: each starts where the previous ends; the span is tiled exactly.
  expect(stages[0]?.startsOn).toBe(start);
  expect(stages.at(-1)?.endsBefore).toBe(addDays(due, 1));
  for (const [index, stage] of stages.entries()) {
    expect(stage.days).toBeGreaterThanOrEqual(0);
    expect(daysBetween(stage.startsOn, stage.endsBefore)).toBe(stage.days);
    if (index > 0) expect(stage.startsOn).toBe(stages[index - 1]?.endsBefore);
  }
  expect(stages.reduce((sum, stage) => sum + stage.days, 0)).toBe(totalDays);
  const nonEmpty = stages.filter((stage) => stage.days > 0);
  // Inside [start, due], and the last stage with days ends on the due date.
  for (const stage of nonEmpty) {
    expect(stage.startsOn >= start).toBe(true);
    expect(addDays(stage.endsBefore, -1) <= due).toBe(true);
  }
  expect(addDays(nonEmpty.at(-1)?.endsBefore ?? '', -1)).toBe(due);
  // None empty unless the short-span rule says so.
  if (totalDays >= 4) expect(nonEmpty).toHaveLength(4);
  else expect(nonEmpty.map((stage) => stage.key)).toEqual(SHORT_SPAN_STAGES[totalDays]);
}

/** The short-span rule: the heaviest stages get the days, one each, in stage order. */
const SHORT_SPAN_STAGES: Record<number, string[]> = {
  1: ['developing'],
  2: ['research', 'developing'],
  3: ['research', 'developing', 'reviewing'],
};

describe('splitDays', () => {
  it('matches the documented examples', () => {
    expect(splitDays(1)).toEqual([0, 0, 1, 0]);
    expect(splitDays(2)).toEqual([0, 1, 1, 0]);
    expect(splitDays(3)).toEqual([0, 1, 1, 1]);
    expect(splitDays(4)).toEqual([1, 1, 1, 1]);
    expect(splitDays(5)).toEqual([1, 1, 2, 1]);
    expect(splitDays(21)).toEqual([2, 7, 9, 3]);
    expect(splitDays(100)).toEqual([9, 36, 43, 12]);
  });

  it('refuses an empty or fractional span', () => {
    expect(() => splitDays(0)).toThrow(RangeError);
    expect(() => splitDays(2.5)).toThrow(RangeError);
  });

  it('always adds up to the span, with no stage empty from 4 days on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), (totalDays) => {
        const days = splitDays(totalDays);
        expect(days.reduce((a, b) => a + b, 0)).toBe(totalDays);
        if (totalDays >= 4) expect(days.every((d) => d >= 1)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps every boundary within half a day of its exact place once no stage needs a nudge (6+ days)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 20_000 }), (totalDays) => {
        let boundary = 0;
        let exact = 0;
        for (const [index, days] of splitDays(totalDays).entries()) {
          boundary += days;
          exact += (totalDays * (WEIGHTS[index] ?? 0)) / 100;
          expect(Math.abs(boundary - exact)).toBeLessThanOrEqual(0.5);
          // Hence each stage is within a day of its exact share.
          expect(Math.abs(days - (totalDays * (WEIGHTS[index] ?? 0)) / 100)).toBeLessThan(1);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('never pulls a boundary earlier when the span grows by a day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000 }), (totalDays) => {
        const before = splitDays(totalDays);
        const after = splitDays(totalDays + 1);
        let a = 0;
        let b = 0;
        for (let k = 0; k < 3; k += 1) {
          a += before[k] ?? 0;
          b += after[k] ?? 0;
          // Short spans hand days to stages by weight, not position; from 4 days on, boundaries only move later.
          if (totalDays >= 4) expect(b).toBeGreaterThanOrEqual(a);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('splitIntoStages', () => {
  it('tiles any span exactly: ordered, contiguous, inside [start, due], last ending on the due date', () => {
    fc.assert(
      fc.property(dateArb, spanArb, (start, totalDays) => {
        expectValidPlan(splitIntoStages(start, addDays(start, totalDays - 1)), start, addDays(start, totalDays - 1));
      }),
      { numRuns: 1_000 },
    );
  });

  it('counts calendar days across DST changes and leap days', () => {
    const stages = splitIntoStages('2024-02-20', '2024-04-10'); // includes 29 Feb and both EU/US spring changes
    expectValidPlan(stages, '2024-02-20', '2024-04-10');
    expect(stages.map((stage) => stage.days)).toEqual([5, 18, 22, 6]);
  });

  it('refuses a due date before the start', () => {
    expect(() => splitIntoStages('2025-03-02', '2025-03-01')).toThrow(RangeError);
  });
});

describe('planStages', () => {
  it("starts on the student's own today, in any time zone, at any instant", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 800 }),
        (now, zone, daysAhead) => {
          const today = localDate(now, zone);
          const due = addDays(today, daysAhead);
          const stages = planStages(now, zone, due);
          expect(stages[0]?.startsOn).toBe(today);
          expectValidPlan(stages, today, due);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('gives students on either side of the date line different todays at the same instant', () => {
    const now = new Date('2025-06-01T11:30:00Z');
    expect(planStages(now, 'Pacific/Kiritimati', '2025-06-30')[0]?.startsOn).toBe('2025-06-02');
    expect(planStages(now, 'Pacific/Pago_Pago', '2025-06-30')[0]?.startsOn).toBe('2025-06-01');
  });
});
