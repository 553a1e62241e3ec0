import { DateTime } from 'luxon';
import type { BoardKind } from '@studysync/validators';
import { addDays, daysBetween, daysFrom, isDay, weekOf } from '../dates';

/**
 * Calendar math for progress, all pure (day arithmetic itself is in dates.ts).
 *
 * A student's days are calendar dates (`YYYY-MM-DD`) in their own IANA zone, taken when each
 * session ended (the keys of `studyStats.days`). Date arithmetic on those strings runs in UTC,
 * where every day is 24 h, so a daylight-saving change never shortens, skips or repeats one.
 * Leaderboard periods are the same for everyone: ISO weeks from Monday 00:00 UTC, calendar
 * months in UTC, and all time. The weekly goal counts that same week (`WEEK_RULE`).
 */

export type DayMinutes = Readonly<Record<string, number>>;

export interface Streaks {
  /** Consecutive days with a counted session, ending today or yesterday; 0 otherwise. */
  current: number;
  /** The longest run of consecutive days ever. */
  best: number;
  /** The latest day with a counted session. */
  lastDay: string | null;
  /** Whether today already counts. */
  today: boolean;
}

/**
 * Streaks from the minutes-per-day map and "today" in the student's zone now. A day counts
 * when it has minutes. A student who moved west can have a day recorded that is still ahead
 * of "today" where they are now: it counts as today.
 */
export function streaks(days: DayMinutes, today: string): Streaks {
  return streaksOf(streakSummary(days), today);
}

/** The longest run of consecutive studied days (what Streak Master is judged on). */
export function bestStreak(days: DayMinutes): number {
  return streakSummary(days).best;
}

/** What streaks need, taken from the whole map when it changes: read time needs no more. */
export interface StreakSummary {
  best: number;
  /** First and last day of the run ending on the latest studied day. */
  runStart: string | null;
  runEnd: string | null;
}

export function streakSummary(days: DayMinutes): StreakSummary {
  const studied = Object.keys(days)
    .filter((day) => (days[day] ?? 0) > 0 && isDay(day))
    .sort();
  let best = 0;
  let run = 0;
  let previous: string | null = null;
  let runStart: string | null = null;
  for (const day of studied) {
    if (previous !== null && daysBetween(previous, day) === 1) run += 1;
    else {
      run = 1;
      runStart = day;
    }
    best = Math.max(best, run);
    previous = day;
  }
  return { best, runStart, runEnd: studied.at(-1) ?? null };
}

/** Streaks on `today` (the student's day now) from a summary. */
export function streaksOf(summary: StreakSummary, today: string): Streaks {
  const { best, runStart, runEnd } = summary;
  if (runStart === null || runEnd === null) return { current: 0, best, lastDay: null, today: false };
  const current = daysBetween(runEnd, today) <= 1 ? daysBetween(runStart, runEnd) + 1 : 0;
  return { current, best, lastDay: runEnd, today: runEnd >= today };
}

/** The days of `days` from `keep` days before its latest day on (a bounded copy for reads). */
export function recentDays(days: DayMinutes, keep: number): Record<string, number> {
  const latest = Object.keys(days).filter(isDay).sort().at(-1);
  if (!latest) return {};
  const from = addDays(latest, -keep);
  return Object.fromEntries(Object.entries(days).filter(([day]) => isDay(day) && day >= from));
}

/**
 * The chart's window: whole weeks, `weeks` of them, the last being the current one, cut at
 * today (later days have nothing yet). Returns every day in it, oldest first.
 */
export function chartWindow(today: string, weeks = 12): string[] {
  const start = addDays(weekOf(today).start, -7 * (weeks - 1));
  return daysFrom(start, daysBetween(start, today) + 1);
}

export interface Period {
  /** `week:2026-W48`, `month:2026-11` or `all`: the board documents' key. */
  id: string;
  kind: BoardKind;
  /** Human name: "Week 48, 2026", "November 2026", "All time". */
  label: string;
  startsAt: Date | null;
  /** When the next period starts; null for all time. */
  endsAt: Date | null;
}

/** The leaderboard period of kind `kind` that `at` falls in (UTC calendar). */
export function periodOf(kind: BoardKind, at: Date): Period {
  const utc = DateTime.fromJSDate(at, { zone: 'utc' });
  if (kind === 'week') {
    const start = utc.startOf('week'); // ISO weeks start on Monday
    return {
      id: `week:${start.toFormat("kkkk-'W'WW")}`,
      kind,
      label: `Week ${start.weekNumber}, ${start.weekYear}`,
      startsAt: start.toJSDate(),
      endsAt: start.plus({ weeks: 1 }).toJSDate(),
    };
  }
  if (kind === 'month') {
    const start = utc.startOf('month');
    return {
      id: `month:${start.toFormat('yyyy-MM')}`,
      kind,
      label: start.setLocale('en-GB').toFormat('LLLL yyyy'),
      startsAt: start.toJSDate(),
      endsAt: start.plus({ months: 1 }).toJSDate(),
    };
  }
  return { id: 'all', kind, label: 'All time', startsAt: null, endsAt: null };
}

/** The three periods a session ending at `at` counts towards. */
export function periodsOf(at: Date): Period[] {
  return [periodOf('week', at), periodOf('month', at), periodOf('all', at)];
}
