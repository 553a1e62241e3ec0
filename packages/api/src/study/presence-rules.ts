import { openStreams, type SeatDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';

/** The local timer that looks at a student's presence in a room again (see presence.ts). */
export const presenceKey = (roomId: string, userId: string) => `presence:${roomId}:${userId}`;

export const graceEnd = (deps: ApiDeps, awaySince: Date) =>
  new Date(awaySince.getTime() + deps.config.study.presenceGraceMs);

/** When the student counts as disconnected: already marked, or away for the grace period by `at`. */
export function disconnectedAsOf(deps: ApiDeps, seat: SeatDoc, at: Date): Date | null {
  if (seat.disconnectedAt) return seat.disconnectedAt;
  if (seat.awaySince && graceEnd(deps, seat.awaySince) <= at) return seat.awaySince;
  return null;
}

/** A waiting request with no stream behind it for the waiting grace period: its student left. */
export function waitingAbandoned(deps: ApiDeps, seat: SeatDoc, at: Date): boolean {
  const since = seat.awaySince ?? seat.joinedAt;
  return openStreams(seat) === 0 && since.getTime() + deps.config.study.waitingGraceMs <= at.getTime();
}

/** Matched, but no stream of theirs opened in the running session for the waiting grace period. */
export function neverArrived(deps: ApiDeps, seat: SeatDoc, startedAt: Date | null, at: Date): boolean {
  if (seat.arrivedAt !== null || openStreams(seat) > 0 || !startedAt) return false;
  return startedAt.getTime() + deps.config.study.waitingGraceMs <= at.getTime();
}
