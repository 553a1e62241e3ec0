import {
  applySessionOutcome,
  findUserById,
  type SeatDoc,
  type SessionOutcomeKind,
  withStatsLock,
  type StudySessionDoc,
} from '@studysync/db';
import { MIN_COUNTED_MINUTES } from '@studysync/validators';
import { localDay } from '../dates';
import type { ApiDeps, SessionCredit } from '../deps';
import { recordHistory } from './history';
import { disconnectedAsOf } from './presence-rules';
import { studiedMinutes } from './view';

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
  return until ? studiedMinutes(session, until, minuteMs) : 0;
}

/**
 * THE RULE, the same for everyone (`MIN_COUNTED_MINUTES`, `COUNTED_RULE`): a session counts for
 * a student once they have studied 5 minutes of it, with the minutes they studied; a shorter stay
 * (or a shorter session) is not recorded. Null: not counted.
 */
export function countedMinutes(session: StudySessionDoc, seat: SeatDoc, minuteMs: number): number | null {
  return counted(minutesFor(session, seat, minuteMs));
}

/** The same rule for any stretch of study (a group room's focus block): its minutes, or null. */
export const counted = (minutes: number): number | null => (minutes >= MIN_COUNTED_MINUTES ? minutes : null);

/**
 * Adds an ended session to one participant's stats, exactly once however often it is called
 * (timers, sweeps on several servers, a retry after a crash), by `countedMinutes`' rule.
 */
export async function recordOutcome(deps: ApiDeps, session: StudySessionDoc, seatAsStored: SeatDoc): Promise<void> {
  if (!session.endedAt) return;
  // Every ended session is in the student's history, counted or not.
  await recordHistory(deps, session, seatAsStored);
  // Away for the grace period by the end counts as disconnected, even if no check had run yet.
  const seat: SeatDoc = { ...seatAsStored, disconnectedAt: disconnectedAsOf(deps, seatAsStored, session.endedAt) };
  const minutes = countedMinutes(session, seat, deps.config.study.minuteMs);
  if (minutes === null) return;
  await creditStudy(deps, {
    userId: seat.userId,
    username: seat.username,
    sessionId: session._id.toHexString(),
    kind: outcomeFor(session, seat),
    minutes,
    endedAt: session.endedAt,
  });
}

/**
 * Adds counted study (a partner session, a room's focus block) to a student's stats and
 * progress, exactly once per `sessionId` as long as a student's credits arrive in order (the
 * counters remember the last applied id). Shared by partner sessions and group rooms.
 */
export async function creditStudy(deps: ApiDeps, credit: Omit<SessionCredit, 'day'>): Promise<void> {
  const user = await findUserById(deps.db, credit.userId);
  const day = localDay(user?.timeZone ?? 'UTC', credit.endedAt);
  const userId = credit.userId.toHexString();
  const { sessionId, kind, minutes } = credit;
  // One writer at a time for this student's counters (see locks.ts).
  const afterUnlock = await withStatsLock(deps.db, userId, async (lock) => {
    await applySessionOutcome(lock, { sessionId, kind, minutes, day });
    // Boards and achievements (progress): each guarded on its own, so a re-run finishes what a crash left.
    return deps.hooks.sessionCounted(deps, lock, { ...credit, day });
  });
  await afterUnlock();
}
