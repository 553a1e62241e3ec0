/**
 * Countdown math. The server never ticks: a session carries `endsAt` and the server's clock
 * (`serverTime`) at the moment it was read; the client estimates the server's "now" from its
 * own clock plus the offset between the two, and recomputes what is left on every tick. A tab
 * that was throttled or asleep is therefore right again on its next tick: nothing counts down
 * by subtracting tick intervals.
 */

/**
 * Server clock minus local clock, in ms, from a server timestamp that arrived when the local
 * clock read `receivedAt`. Off by the time the answer travelled (far below a second).
 */
export function clockOffsetMs(serverTime: string, receivedAt: number): number {
  const server = Date.parse(serverTime);
  return Number.isFinite(server) ? server - receivedAt : 0;
}

/** The server's "now" (epoch ms) as this client estimates it. */
export function serverNow(localNow: number, offsetMs: number): number {
  return localNow + offsetMs;
}

/** Milliseconds until `endsAt` by the server's clock; 0 once it has passed (or without an end). */
export function remainingMs(endsAt: string | null, localNow: number, offsetMs: number): number {
  if (!endsAt) return 0;
  const end = Date.parse(endsAt);
  if (!Number.isFinite(end)) return 0;
  return Math.max(0, end - serverNow(localNow, offsetMs));
}

/** Milliseconds since `since` by the server's clock (never negative). */
export function elapsedMs(since: string, localNow: number, offsetMs: number): number {
  const start = Date.parse(since);
  if (!Number.isFinite(start)) return 0;
  return Math.max(0, serverNow(localNow, offsetMs) - start);
}

/**
 * "25:00", "04:59", "1:30:00". Whole seconds; a countdown rounds up (`'up'`), so it shows
 * "00:00" only when the time is really over, and an elapsed time rounds down.
 */
export function formatClock(ms: number, rounding: 'up' | 'down' = 'up'): string {
  const seconds = Math.max(0, rounding === 'up' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "25 minutes left", "1 minute left", "less than a minute left": for screen readers, once a minute. */
export function spokenRemaining(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (ms <= 0) return 'Time is up';
  if (ms < 60_000) return 'Less than a minute left';
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} left`;
}
