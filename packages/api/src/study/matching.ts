import { TRPCError } from '@trpc/server';
import {
  claimLiveSeat,
  findLiveSeat,
  findStudySession,
  insertStudySession,
  ObjectId,
  pointLiveSeat,
  putMatchTicket,
  releaseLiveSeat,
  removeMatchTicket,
  studySessionsCollection,
  takeMatchTicket,
  type SeatDoc,
  type StudySessionDoc,
  type UserDoc,
} from '@studysync/db';
import type { FindPartnerInput } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { topics } from '../events/bus';
import { scheduleSession } from './lifecycle';
import { recordRoomEvent } from './room-log';

const MAX_ATTEMPTS = 50;

function newSeat(user: UserDoc, goal: string | undefined, now: Date): SeatDoc {
  return {
    userId: user._id,
    username: user.username,
    goal: goal || null,
    joinedAt: now,
    connections: 0,
    disconnectedAt: null,
    checkIn: null,
  };
}

/** The student's live (waiting or active) session, if any. */
export async function currentSession(deps: ApiDeps, userId: string): Promise<StudySessionDoc | null> {
  const seat = await findLiveSeat(deps.db, userId);
  if (!seat?.sessionId) return null;
  const session = await findStudySession(deps.db, seat.sessionId);
  if (session && (session.status === 'waiting' || session.status === 'active')) return session;
  return null;
}

/**
 * Pairs the student first-come first-served with whoever waits for the same length, or
 * makes them the one waiting. No read-then-write: the waiting ticket is taken atomically,
 * and the student's live seat (unique by user) stops them waiting twice or studying twice.
 */
export async function findPartner(deps: ApiDeps, user: UserDoc, input: FindPartnerInput): Promise<StudySessionDoc> {
  const userId = user._id.toHexString();
  if (!(await claimLiveSeat(deps.db, userId, deps.now()))) {
    const existing = await waitForLiveSession(deps, userId);
    if (existing) return existing;
    throw new TRPCError({ code: 'CONFLICT', message: 'You are already looking for a partner' });
  }
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const joined = await joinWaiting(deps, user, input);
      if (joined) return joined;
      const waiting = await startWaiting(deps, user, input);
      if (waiting) return waiting;
    }
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'Matching is very busy; please try again' });
  } catch (error) {
    await releaseLiveSeat(deps.db, userId, null);
    throw error;
  }
}

/** A second request while the first is still matching: give the first a moment to finish. */
async function waitForLiveSession(deps: ApiDeps, userId: string): Promise<StudySessionDoc | null> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const seat = await findLiveSeat(deps.db, userId);
    if (!seat) return null;
    if (seat.sessionId) {
      const session = await findStudySession(deps.db, seat.sessionId);
      if (session && (session.status === 'waiting' || session.status === 'active')) return session;
      // A stale seat from a session that ended: free it so they can go again.
      await releaseLiveSeat(deps.db, userId, seat.sessionId);
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

async function joinWaiting(deps: ApiDeps, user: UserDoc, input: FindPartnerInput): Promise<StudySessionDoc | null> {
  const ticket = await takeMatchTicket(deps.db, input.minutes);
  if (!ticket) return null;
  const now = deps.now();
  const endsAt = new Date(now.getTime() + input.minutes * deps.config.study.minuteMs);
  const active = await studySessionsCollection(deps.db).findOneAndUpdate(
    { _id: ticket.sessionId, status: 'waiting' },
    {
      $set: { status: 'active', startedAt: now, endsAt },
      $push: { seats: newSeat(user, input.goal, now) },
      $inc: { eventSeq: 1 },
    },
    { returnDocument: 'after' },
  );
  // The waiting student cancelled in the meantime: try again.
  if (!active) return null;
  await pointLiveSeat(deps.db, user._id.toHexString(), active._id);
  await scheduleSession(deps, active);
  await recordRoomEvent(deps, active._id, active.eventSeq, {
    type: 'partnerJoined',
    userId: user._id,
    username: user.username,
  });
  const sessionId = active._id.toHexString();
  for (const seat of active.seats) {
    await deps.bus.publish(topics.user(seat.userId.toHexString()), { type: 'matchFound', sessionId });
  }
  return active;
}

async function startWaiting(deps: ApiDeps, user: UserDoc, input: FindPartnerInput): Promise<StudySessionDoc | null> {
  const now = deps.now();
  const session: StudySessionDoc = {
    _id: new ObjectId(),
    kind: 'partner',
    status: 'waiting',
    plannedMinutes: input.minutes,
    seats: [newSeat(user, input.goal, now)],
    createdAt: now,
    startedAt: null,
    endsAt: null,
    endedAt: null,
    endedBy: null,
    fiveMinuteNoticeAt: null,
    eventSeq: 0,
  };
  await insertStudySession(deps.db, session);
  const put = await putMatchTicket(deps.db, input.minutes, { sessionId: session._id, userId: user._id, since: now });
  if (!put) {
    // Someone started waiting first: withdraw ours and pair with them.
    await studySessionsCollection(deps.db).updateOne(
      { _id: session._id, status: 'waiting' },
      { $set: { status: 'cancelled', endedAt: now } },
    );
    return null;
  }
  await pointLiveSeat(deps.db, user._id.toHexString(), session._id);
  return session;
}

/** Stops waiting. Returns false when a partner already joined (the session is live). */
export async function cancelWaiting(deps: ApiDeps, userId: string): Promise<boolean> {
  const session = await currentSession(deps, userId);
  if (!session) return true;
  if (session.status !== 'waiting') return false;
  const cancelled = await studySessionsCollection(deps.db).updateOne(
    { _id: session._id, status: 'waiting' },
    { $set: { status: 'cancelled', endedAt: deps.now() } },
  );
  if (cancelled.modifiedCount === 0) return false;
  await removeMatchTicket(deps.db, session.plannedMinutes, session._id);
  await releaseLiveSeat(deps.db, userId, session._id);
  return true;
}
