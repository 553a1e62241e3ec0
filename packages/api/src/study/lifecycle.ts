import {
  findStudySession,
  forEachDueSession,
  presenceCheckId,
  releaseLiveSeat,
  removePresenceCheck,
  markSessionCancelled,
  markSessionCompleted,
  markSessionEndedEarly,
  setFiveMinuteNotice,
  trackDueSession,
  untrackDueSession,
  withRoomLock,
  type ObjectId,
  type SeatDoc,
  type StudySessionDoc,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { announceEnd } from './end-announcement';
import { recordOutcome } from './outcomes';
import { neverArrived, presenceKey } from './presence-rules';
import { recordRoomEvent } from './room-log';

const FIVE_MINUTES = 5;

const timerKey = (what: 'warn' | 'end', id: ObjectId) => `${what}:${id.toHexString()}`;

function logFailure(deps: ApiDeps, id: ObjectId, what: string) {
  return (error: unknown) =>
    deps.logger.error({ err: error, sessionId: id.toHexString() }, `${what} failed; the sweep retries`);
}

/** Registers an active session's two moments: with the sweep (durably) and as local timers (promptly). */
export async function scheduleSession(deps: ApiDeps, session: StudySessionDoc): Promise<void> {
  if (!session.endsAt) return;
  const warnAt = new Date(session.endsAt.getTime() - FIVE_MINUTES * deps.config.study.minuteMs);
  await trackDueSession(deps.db, { _id: session._id, warnAt, endsAt: session.endsAt });
  deps.timers.at(
    timerKey('warn', session._id),
    warnAt,
    () => sendFiveMinuteNotice(deps, session._id),
    logFailure(deps, session._id, '5-minute notice'),
  );
  deps.timers.at(
    timerKey('end', session._id),
    session.endsAt,
    () => completeSession(deps, session._id),
    logFailure(deps, session._id, 'Completion'),
  );
}

/**
 * "5 minutes left", once: under the room's lock, only the first caller finds
 * `fiveMinuteNoticeAt` unset. Every write below is by `_id` alone: the lock already makes the
 * read-then-write safe, and a second key in the filter would make FerretDB scan every session.
 */
export function sendFiveMinuteNotice(deps: ApiDeps, id: ObjectId): Promise<void> {
  return withRoomLock(deps.db, id, async (lock) => {
    const session = await findStudySession(deps.db, id);
    if (session?.status !== 'active' || session.fiveMinuteNoticeAt || !session.endsAt) return;
    if (session.endsAt <= deps.now()) return; // too late to warn: it is over
    await setFiveMinuteNotice(lock, deps.now());
    await recordRoomEvent(deps, id, { type: 'fiveMinutesLeft', endsAt: session.endsAt });
  });
}

/** Completes a session whose time ran out, once, then wraps it up. */
export function completeSession(deps: ApiDeps, id: ObjectId): Promise<void> {
  return withRoomLock(deps.db, id, async (lock) => {
    const session = await findStudySession(deps.db, id);
    if (session?.status !== 'active' || !session.endsAt || session.endsAt > deps.now()) return;
    // The session ended when its time ran out, even if we learn of it later.
    const ended: StudySessionDoc = { ...session, status: 'completed', endedAt: session.endsAt };
    await markSessionCompleted(lock, session.endsAt);
    // Stats first, so a client that hears "completed" and asks for its stats sees them counted.
    await finishSession(deps, ended);
    // Just claimed, so not yet announced (the sweep's announceEnd covers a crash from here).
    await recordRoomEvent(deps, id, { type: 'completed' });
  });
}

export type EndEarlyResult = StudySessionDoc | 'not-active';

/** Ends a session early on behalf of one of its participants. */
export function endSessionEarly(
  deps: ApiDeps,
  id: ObjectId,
  by: { userId: ObjectId; username: string },
): Promise<EndEarlyResult> {
  return withRoomLock(deps.db, id, async (lock) => {
    const session = await findStudySession(deps.db, id);
    if (session?.status !== 'active') return 'not-active';
    const endedAt = deps.now();
    const ended: StudySessionDoc = { ...session, status: 'endedEarly', endedAt, endedBy: by.userId };
    await markSessionEndedEarly(lock, endedAt, by.userId);
    // Due now: if we stop before wrapping up, the next sweep does it.
    await trackDueSession(deps.db, { _id: id, warnAt: deps.now(), endsAt: session.endsAt ?? deps.now() });
    await finishSession(deps, ended);
    await recordRoomEvent(deps, id, { type: 'endedEarly', userId: by.userId, username: by.username });
    return ended;
  });
}

/**
 * Calls off a session a matched student never arrived in: nothing is counted, both are free to
 * look for a partner again at once, and the one who is there is told why.
 */
export async function callOffSession(deps: ApiDeps, id: ObjectId, missing: SeatDoc): Promise<void> {
  const calledOff = await withRoomLock(deps.db, id, async (lock) => {
    const session = await findStudySession(deps.db, id);
    const seat = session?.seats.find((candidate) => candidate.userId.equals(missing.userId));
    if (session?.status !== 'active' || !seat || !neverArrived(deps, seat, session.startedAt, deps.now())) return false;
    await markSessionCancelled(lock, deps.now());
    deps.timers.cancel(timerKey('warn', id));
    deps.timers.cancel(timerKey('end', id));
    for (const each of session.seats) {
      deps.timers.cancel(presenceKey(id.toHexString(), each.userId.toHexString()));
      await removePresenceCheck(deps.db, presenceCheckId(id, each.userId.toHexString()));
      await releaseLiveSeat(deps.db, each.userId.toHexString(), id);
    }
    await untrackDueSession(deps.db, id);
    return true;
  });
  if (calledOff)
    await recordRoomEvent(deps, id, { type: 'partnerMissing', userId: missing.userId, username: missing.username });
}

/**
 * Wraps up an ended session (under its lock): stats for each participant (each exactly once),
 * free their live seats, stop tracking it. Every step is idempotent, so the sweep can repeat
 * it after a crash.
 */
async function finishSession(deps: ApiDeps, session: StudySessionDoc): Promise<void> {
  deps.timers.cancel(timerKey('warn', session._id));
  deps.timers.cancel(timerKey('end', session._id));
  for (const seat of session.seats) {
    deps.timers.cancel(presenceKey(session._id.toHexString(), seat.userId.toHexString()));
    await removePresenceCheck(deps.db, presenceCheckId(session._id, seat.userId.toHexString()));
    await recordOutcome(deps, session, seat);
    await releaseLiveSeat(deps.db, seat.userId.toHexString(), session._id);
  }
  await untrackDueSession(deps.db, session._id);
}

/** The sweep: everything due by now, whoever's timer was meant to do it. */
export function sweepDueSessions(deps: ApiDeps): Promise<void> {
  const now = deps.now();
  return forEachDueSession(deps.db, now, async (due) => {
    const session = await findStudySession(deps.db, due._id);
    if (!session || session.status === 'waiting' || session.status === 'cancelled') {
      await untrackDueSession(deps.db, due._id);
    } else if (session.status === 'active') {
      if (session.endsAt && session.endsAt <= now) await completeSession(deps, session._id);
      // Already sent (its bucket is read again while its slot is open): no lock needed to know.
      else if (!session.fiveMinuteNoticeAt) await sendFiveMinuteNotice(deps, session._id);
    } else {
      await withRoomLock(deps.db, session._id, async () => {
        // Ended, but a crash may have cut the wrap-up or the announcement short: both again, once.
        const ended = await findStudySession(deps.db, session._id);
        if (!ended) return;
        await finishSession(deps, ended);
        await announceEnd(deps, ended);
      });
    }
  });
}
