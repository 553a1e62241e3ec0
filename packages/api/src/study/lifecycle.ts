import {
  findDueSessions,
  findStudySession,
  releaseLiveSeat,
  studySessionsCollection,
  trackDueSession,
  untrackDueSession,
  type ObjectId,
  type StudySessionDoc,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { recordOutcome } from './outcomes';
import { presenceKey } from './presence';
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

/** "5 minutes left", once: only the update that sets `fiveMinuteNoticeAt` sends it. */
export async function sendFiveMinuteNotice(deps: ApiDeps, id: ObjectId): Promise<void> {
  const claimed = await studySessionsCollection(deps.db).findOneAndUpdate(
    { _id: id, status: 'active', fiveMinuteNoticeAt: null },
    { $set: { fiveMinuteNoticeAt: deps.now() }, $inc: { eventSeq: 1 } },
    { returnDocument: 'after' },
  );
  if (!claimed?.endsAt) return;
  await recordRoomEvent(deps, id, claimed.eventSeq, { type: 'fiveMinutesLeft', endsAt: claimed.endsAt });
}

/** Completes a session whose time ran out, once: only the update that moves it out of `active` wins. */
export async function completeSession(deps: ApiDeps, id: ObjectId): Promise<void> {
  const current = await findStudySession(deps.db, id);
  if (!current?.endsAt) return;
  const completed = await studySessionsCollection(deps.db).findOneAndUpdate(
    { _id: id, status: 'active', endsAt: { $lte: deps.now() } },
    // The session ended when its time ran out, even if we learn of it later.
    { $set: { status: 'completed', endedAt: current.endsAt }, $inc: { eventSeq: 1 } },
    { returnDocument: 'after' },
  );
  if (!completed) return;
  await recordRoomEvent(deps, id, completed.eventSeq, { type: 'completed' });
  await finishSession(deps, completed);
}

export type EndEarlyResult = StudySessionDoc | 'not-active';

/** Ends a session early on behalf of one of its participants. */
export async function endSessionEarly(
  deps: ApiDeps,
  id: ObjectId,
  by: { userId: ObjectId; username: string },
): Promise<EndEarlyResult> {
  const ended = await studySessionsCollection(deps.db).findOneAndUpdate(
    { _id: id, status: 'active' },
    { $set: { status: 'endedEarly', endedAt: deps.now(), endedBy: by.userId }, $inc: { eventSeq: 1 } },
    { returnDocument: 'after' },
  );
  if (!ended) return 'not-active';
  // Due now: if we stop before wrapping up, the next sweep does it.
  await trackDueSession(deps.db, { _id: id, warnAt: deps.now(), endsAt: ended.endsAt ?? deps.now() });
  await recordRoomEvent(deps, id, ended.eventSeq, { type: 'endedEarly', userId: by.userId, username: by.username });
  await finishSession(deps, ended);
  return ended;
}

/**
 * Wraps up an ended session: stats for each participant (each exactly once), free their live
 * seats, stop tracking it. Every step is idempotent, so the sweep can repeat it after a crash.
 */
export async function finishSession(deps: ApiDeps, session: StudySessionDoc): Promise<void> {
  deps.timers.cancel(timerKey('warn', session._id));
  deps.timers.cancel(timerKey('end', session._id));
  for (const seat of session.seats) {
    deps.timers.cancel(presenceKey(session._id.toHexString(), seat.userId.toHexString()));
    await recordOutcome(deps, session, seat);
    await releaseLiveSeat(deps.db, seat.userId.toHexString(), session._id);
  }
  await untrackDueSession(deps.db, session._id);
}

/** The sweep: everything due by now, whoever's timer was meant to do it. */
export async function sweepDueSessions(deps: ApiDeps): Promise<void> {
  const now = deps.now();
  for (const due of await findDueSessions(deps.db, now)) {
    const session = await findStudySession(deps.db, due._id);
    if (!session || session.status === 'waiting' || session.status === 'cancelled') {
      await untrackDueSession(deps.db, due._id);
    } else if (session.status === 'active') {
      if (session.endsAt && session.endsAt <= now) await completeSession(deps, session._id);
      else await sendFiveMinuteNotice(deps, session._id);
    } else {
      await finishSession(deps, session);
    }
  }
}
