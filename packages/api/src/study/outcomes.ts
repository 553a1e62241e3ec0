import { DateTime } from 'luxon';
import {
  applySessionOutcome,
  findUserById,
  type SeatDoc,
  type SessionOutcomeKind,
  statsLockKey,
  withLock,
  type StudySessionDoc,
} from '@studysync/db';
import { MIN_COUNTED_MINUTES } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { publishBoards } from '../progress/leaderboard';
import { recordProgress } from '../progress/record';
import { disconnectedAsOf } from './presence-rules';
import { minutesBetween } from './view';

/** How an ended session counts for one participant. */
export function outcomeFor(session: StudySessionDoc, seat: SeatDoc): SessionOutcomeKind {
  if (session.status === 'endedEarly' && session.endedBy?.equals(seat.userId)) return 'quit';
  // Gone at the end and not back: the session went on without them.
  if (seat.disconnectedAt) return 'disconnected';
  return session.status === 'completed' ? 'completed' : 'partnerEnded';
}

/** Minutes this participant studied: until the end, or until they disconnected for good. */
export function minutesFor(session: StudySessionDoc, seat: SeatDoc, minuteMs: number): number {
  const until = seat.disconnectedAt ?? session.endedAt;
  return until ? minutesBetween(session, until, minuteMs) : 0;
}

/**
 * THE RULE, the same for everyone (`MIN_COUNTED_MINUTES`, `COUNTED_RULE`): a session counts for
 * a student once they have studied 5 minutes of it, with the minutes they studied; a shorter stay
 * (or a shorter session) is not recorded. Null: not counted.
 */
export function countedMinutes(session: StudySessionDoc, seat: SeatDoc, minuteMs: number): number | null {
  const minutes = minutesFor(session, seat, minuteMs);
  return minutes >= MIN_COUNTED_MINUTES ? minutes : null;
}

/** The student's calendar day of `at`, in their own time zone. */
export function calendarDay(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-MM-dd');
}

/**
 * Adds an ended session to one participant's stats, exactly once however often it is called
 * (timers, sweeps on several servers, a retry after a crash), by `countedMinutes`' rule.
 */
export async function recordOutcome(deps: ApiDeps, session: StudySessionDoc, seatAsStored: SeatDoc): Promise<void> {
  if (!session.endedAt) return;
  // Away for the grace period by the end counts as disconnected, even if no check had run yet.
  const seat: SeatDoc = { ...seatAsStored, disconnectedAt: disconnectedAsOf(deps, seatAsStored, session.endedAt) };
  const minutes = countedMinutes(session, seat, deps.config.study.minuteMs);
  if (minutes === null) return;
  const user = await findUserById(deps.db, seat.userId);
  const day = calendarDay(session.endedAt, user?.timeZone ?? 'UTC');
  const userId = seat.userId.toHexString();
  const sessionId = session._id.toHexString();
  const kind = outcomeFor(session, seat);
  const endedAt = session.endedAt;
  // One writer at a time for this student's counters (see locks.ts).
  const boards = await withLock(deps.db, statsLockKey(userId), async () => {
    await applySessionOutcome(deps.db, userId, { sessionId, kind, minutes, day });
    // Boards and achievements: each guarded on its own, so a re-run finishes what a crash left.
    return recordProgress(deps, {
      userId: seat.userId,
      username: seat.username,
      sessionId,
      kind,
      minutes,
      endedAt,
      day,
    });
  });
  await publishBoards(deps, boards);
}
