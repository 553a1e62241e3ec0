import { addDays, daysBetween, localDay } from '../dates';

export type StageKey = 'planning' | 'research' | 'developing' | 'reviewing';

export interface StageDefinition {
  key: StageKey;
  name: string;
  /** Share of the span, in percent; the four add up to 100. */
  weight: number;
}

/** The four stages of every assessment, in order. */
export const STAGES: readonly StageDefinition[] = [
  { key: 'planning', name: 'Planning and preparation', weight: 9 },
  { key: 'research', name: 'Research, reading and note-taking', weight: 36 },
  { key: 'developing', name: 'Developing', weight: 43 },
  { key: 'reviewing', name: 'Reviewing and refining', weight: 12 },
];

/** Percent of the span that lies before each boundary: 0, 9, 45, 88, 100. */
const CUMULATIVE = STAGES.reduce<number[]>((acc, stage) => [...acc, (acc.at(-1) ?? 0) + stage.weight], [0]);

export interface PlannedStage extends StageDefinition {
  /** First day of the stage (inclusive). For an empty stage: the day the next one starts. */
  startsOn: string;
  /** The day after its last day (exclusive), as calendars count. Equals `startsOn` when empty. */
  endsBefore: string;
  days: number;
}

/** `x` rounded to the nearest integer, halves up, for `x = numerator / denominator` in integers (no float error). */
function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * How many of `totalDays` days each stage gets, in stage order. THE SPLIT RULE:
 *
 * - **Boundaries, not shares, are rounded.** The span is cut at four boundaries; boundary k
 *   lies after `round(totalDays × C_k)` days, where C = 0 %, 9 %, 45 %, 88 %, 100 % are the
 *   cumulative weights and halves round up (integer arithmetic, so no floating-point drift).
 *   Because each stage runs from one boundary to the next, the stages always tile the span
 *   exactly: no gaps, no overlaps, and the lengths always add up to `totalDays`. Each
 *   boundary is within half a day of its exact position, so each stage is within one day of
 *   its exact share. (Rounding each stage's share on its own, as the original did, can leave
 *   a day over or short.)
 * - **At least one day each, when there are at least four days.** A boundary that would leave
 *   a stage empty is moved by one day (`b_k = max(b_{k-1} + 1, min(b_k, totalDays - (4 - k)))`).
 *   With these weights that only happens for 4 and 5 days.
 * - **Short spans (1-3 days): the heaviest stages get the days.** With fewer days than stages,
 *   the `totalDays` heaviest stages (Developing, then Research, then Reviewing) get one day
 *   each, in stage order, and the others are empty (0 days). So 1 day is all Developing;
 *   3 days are Research, Developing, Reviewing.
 */
export function splitDays(totalDays: number): number[] {
  if (!Number.isInteger(totalDays) || totalDays < 1)
    throw new RangeError(`A plan needs at least one day, got ${totalDays}`);
  const count = STAGES.length;
  if (totalDays < count) {
    const heaviest = new Set(
      [...STAGES]
        .sort((a, b) => b.weight - a.weight)
        .slice(0, totalDays)
        .map((stage) => stage.key),
    );
    return STAGES.map((stage) => (heaviest.has(stage.key) ? 1 : 0));
  }
  const boundaries = [0];
  for (let k = 1; k < count; k += 1) {
    const rounded = roundHalfUp(totalDays * (CUMULATIVE[k] ?? 0), 100);
    const previous = boundaries[k - 1] ?? 0;
    boundaries.push(Math.max(previous + 1, Math.min(rounded, totalDays - (count - k))));
  }
  boundaries.push(totalDays);
  return STAGES.map((_, k) => (boundaries[k + 1] ?? 0) - (boundaries[k] ?? 0));
}

/**
 * Splits the calendar days from `startDate` through `dueDate` (both inclusive, `YYYY-MM-DD`)
 * into the four stages by {@link splitDays}. Calendar dates carry no zone: a day is a day,
 * whatever DST does to its length. The last non-empty stage ends on the due date.
 */
export function splitIntoStages(startDate: string, dueDate: string): PlannedStage[] {
  const totalDays = daysBetween(startDate, dueDate) + 1;
  if (totalDays < 1) throw new RangeError(`The due date ${dueDate} is before the start ${startDate}`);
  let cursor = startDate;
  return splitDays(totalDays).map((days, index) => {
    const startsOn = cursor;
    cursor = addDays(cursor, days);
    return { ...(STAGES[index] as StageDefinition), startsOn, endsBefore: cursor, days };
  });
}

/**
 * A new plan: from the student's today (the calendar date at `now` in their IANA
 * `timeZone`, so a student in Auckland and one in Honolulu can have different todays at
 * the same instant) through `dueDate`.
 */
export function planStages(now: Date, timeZone: string, dueDate: string): PlannedStage[] {
  return splitIntoStages(localDay(timeZone, now), dueDate);
}
