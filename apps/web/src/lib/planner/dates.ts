/** Calendar dates (`YYYY-MM-DD`) as the API sends them: zone-free, so all arithmetic is in UTC. */

const DAY_MS = 24 * 60 * 60 * 1000;

const toUtc = (date: string): number => Date.parse(`${date}T00:00:00Z`);

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

const short = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const long = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `Mon 3 Mar` */
export function formatDay(date: string): string {
  return short.format(new Date(toUtc(date)));
}

/** `Monday 3 March 2025`, for labels read out by screen readers. */
export function formatDayLong(date: string): string {
  return long.format(new Date(toUtc(date)));
}

/** `in 3 days`, `tomorrow`, `today`, `2 days ago`. */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}
