/**
 * The app's one locale rule: formats follow the browser's locale (`undefined` below), days
 * follow the student's own time zone (their setting), so a session late on Monday in Auckland
 * reads as Monday wherever the page is opened.
 */
export function formatMoment(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

/** The calendar day (`YYYY-MM-DD`) of a moment in `timeZone`. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The time of day of a moment (hours and minutes) in `timeZone`, e.g. a chat message's. */
export function formatClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

/** A moment with its weekday, e.g. when a board starts again: "Monday 7 December, 01:00". */
export function formatWeekdayMoment(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}
