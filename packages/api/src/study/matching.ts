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
  roomLockKey,
  withLock,
  studySessionsCollection,
  takeMatchTicket,
  type SeatDoc,
  type StudySessionDoc,
  type UserDoc,
} from '@studysync/db';
import type { FindPartnerInput } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { topics } from '../events';
import { scheduleSession } from './lifecycle';
import { recordRoomEvent } from './room-log';
import { DomainError } from '../errors';

const MAX_ATTEMPTS = 50;

function newSeat(user: UserDoc, goal: string | undefined, now: Date): SeatDoc {
  return {
    userId: user._id,
    username: user.username,
    goal: goal || null,
    joinedAt: now,
    streams: {},
    awaySince: null,
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
    throw new DomainError('CONFLICT', 'You are already looking for a partner');
  }
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const joined = await joinWaiting(deps, user, input);
      if (joined) return joined;
      const waiting = await startWaiting(deps, user, input);
      if (waiting) return waiting;
    }
    throw new DomainError('SERVICE_UNAVAILABLE', 'Matching is very busy; please try again');
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
  const active = await withLock(deps.db, roomLockKey(ticket.sessionId), async () => {
    const waiting = await findStudySession(deps.db, ticket.sessionId);
    // The waiting student cancelled in the meantime: try again.
    if (waiting?.status !== 'waiting') return null;
    const now = deps.now();
    const joined: StudySessionDoc = {
      ...waiting,
      status: 'active',
      startedAt: now,
      endsAt: new Date(now.getTime() + input.minutes * deps.config.study.minuteMs),
      seats: [...waiting.seats, newSeat(user, input.goal, now)],
    };
    // Its end is tracked before it starts, so a crash right after still gets it completed.
    await scheduleSession(deps, joined);
    await studySessionsCollection(deps.db).updateOne(
      { _id: waiting._id, status: 'waiting' },
      { $set: { status: joined.status, startedAt: joined.startedAt, endsAt: joined.endsAt, seats: joined.seats } },
    );
    return joined;
  });
  if (!active) return null;
  await pointLiveSeat(deps.db, user._id.toHexString(), active._id);
  await recordRoomEvent(deps, active._id, { type: 'partnerJoined', userId: user._id, username: user.username });
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
  };
  await insertStudySession(deps.db, session);
  const put = await putMatchTicket(deps.db, input.minutes, { sessionId: session._id, userId: user._id, since: now });
  if (!put) {
    // Someone started waiting first: withdraw ours (nobody else knows of it) and pair with them.
    await studySessionsCollection(deps.db).updateOne(
      { _id: session._id },
      { $set: { status: 'cancelled', endedAt: now } },
    );
    return null;
  }
  await pointLiveSeat(deps.db, user._id.toHexString(), session._id);
  return session;
}

/**
 * Stops waiting. Returns false when a partner already joined (the session is live). The
 * room's lock orders this against a partner joining: whichever comes first wins.
 */
export async function cancelWaiting(deps: ApiDeps, userId: string): Promise<boolean> {
  const session = await currentSession(deps, userId);
  if (!session) return true;
  const cancelled = await withLock(deps.db, roomLockKey(session._id), async () => {
    const current = await findStudySession(deps.db, session._id);
    if (current?.status !== 'waiting') return false;
    await studySessionsCollection(deps.db).updateOne(
      { _id: session._id, status: 'waiting' },
      { $set: { status: 'cancelled', endedAt: deps.now() } },
    );
    return true;
  });
  if (!cancelled) return false;
  await removeMatchTicket(deps.db, session.plannedMinutes, session._id);
  await releaseLiveSeat(deps.db, userId, session._id);
  return true;
}
