import { DateTime } from 'luxon';

/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. A calendar date has no time zone, so
 * dates are computed in UTC where every day is 24 h: DST never shortens or repeats one.
 */

function parse(date: string): DateTime {
  const parsed = DateTime.fromISO(date, { zone: 'utc' });
  if (!parsed.isValid) throw new RangeError(`Not a calendar date: ${date}`);
  return parsed;
}

export function addDays(date: string, days: number): string {
  return parse(date).plus({ days }).toISODate() as string;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(parse(to).diff(parse(from), 'days').days);
}

/** The student's calendar date at `now` in their IANA zone. */
export function todayIn(timeZone: string, now: Date): string {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return local.toISODate() as string;
}

/** The instant when it is `hour`:00 on `date` in `timeZone` (a DST gap moves it forward, as clocks do). */
export function localMoment(date: string, hour: number, timeZone: string): Date {
  const local = DateTime.fromISO(date, { zone: timeZone }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (!local.isValid) throw new RangeError(`Cannot place ${date} ${hour}:00 in ${timeZone}`);
  return local.toJSDate();
}

/** `Mon 3 Mar` for messages; the year only when it is not the current one of `today`. */
export function shortDate(date: string, today: string): string {
  const value = parse(date);
  const format = value.year === parse(today).year ? 'ccc d LLL' : 'ccc d LLL yyyy';
  return value.setLocale('en-GB').toFormat(format);
}
