import { DateTime } from 'luxon';

/**
 * Calendar days and local moments for every domain, on luxon. A day is a calendar date
 * written `YYYY-MM-DD`; it has no time zone, so day arithmetic runs in UTC, where every day
 * is 24 h and a daylight-saving change never shortens, skips or repeats one. A student's day
 * is the date it is in their own IANA zone.
 */

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date `YYYY-MM-DD` (year 1000 on), at midnight UTC; throws a RangeError otherwise. */
export function parseDay(day: string): DateTime<true> {
  const parsed = DAY_PATTERN.test(day) && day >= '1000' ? DateTime.fromISO(day, { zone: 'utc' }) : null;
  if (!parsed?.isValid) throw new RangeError(`Not a calendar date: ${day}`);
  return parsed;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  try {
    parseDay(value);
    return true;
  } catch {
    return false;
  }
}

export function addDays(day: string, days: number): string {
  return parseDay(day).plus({ days }).toISODate();
}

const DAY_MS = 86_400_000;

/** `count` consecutive days from `first` on. One parse, then plain UTC dates (every UTC day is 24 h): luxon per day was most of a progress read's CPU. */
export function daysFrom(first: string, count: number): string[] {
  const start = parseDay(first).toMillis();
  return Array.from({ length: Math.max(0, count) }, (_, index) =>
    new Date(start + index * DAY_MS).toISOString().slice(0, 10),
  );
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(parseDay(to).diff(parseDay(from), 'days').days);
}

/** The calendar day it is at `at` in `timeZone`; throws a RangeError for an unknown zone. */
export function localDay(timeZone: string, at: Date): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return local.toFormat('yyyy-MM-dd');
}

/** The instant when it is `hour`:00 on `date` in `timeZone` (a DST gap moves it forward, as clocks do). */
export function localMoment(date: string, hour: number, timeZone: string): Date {
  const local = DateTime.fromISO(date, { zone: timeZone }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (!local.isValid) throw new RangeError(`Cannot place ${date} ${hour}:00 in ${timeZone}`);
  return local.toJSDate();
}

/** `Mon 3 Mar` for messages; the year only when it is not the current one of `today`. */
export function shortDate(date: string, today: string): string {
  const value = parseDay(date);
  const format = value.year === parseDay(today).year ? 'ccc d LLL' : 'ccc d LLL yyyy';
  return value.setLocale('en-GB').toFormat(format);
}

/** Monday and Sunday of the (ISO) week `day` falls in. */
export function weekOf(day: string): { start: string; end: string } {
  const start = parseDay(day).startOf('week'); // ISO weeks start on Monday
  return { start: start.toISODate(), end: start.plus({ days: 6 }).toISODate() };
}
