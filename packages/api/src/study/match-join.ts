import {
  claimMatch,
  findMatchClaim,
  findStudySession,
  forgetMatchClaim,
  pointLiveSeat,
  releaseLiveSeat,
  markSessionCancelled,
  noteNewRoomLog,
  startWaitingSession,
  withRoomLock,
  openStreams,
  type MatchClaimDoc,
  type ObjectId,
  type SeatDoc,
  type StudySessionDoc,
  type UserDoc,
} from '@studysync/db';
import type { FindPartnerInput } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { topics } from '../events';
import { scheduleSession } from './lifecycle';
import { recordRoomEvent } from './room-log';

export function newSeat(user: UserDoc, goal: string | undefined, now: Date): SeatDoc {
  return {
    userId: user._id,
    username: user.username,
    goal: goal || null,
    joinedAt: now,
    streams: {},
    awaySince: null,
    disconnectedAt: null,
    arrivedAt: null,
    checkIn: null,
  };
}

/**
 * Starts the waiting session we hold the claim of, with us in the second seat. The claim makes
 * us its only starter; the room's lock orders the write against the waiting student's own
 * stream (presence writes the same document). Null when it is no longer waiting.
 */
export async function joinWaitingSession(
  deps: ApiDeps,
  user: UserDoc,
  input: FindPartnerInput,
  sessionId: ObjectId,
): Promise<{ session: StudySessionDoc; lastEventSeq: number } | null> {
  const active = await withRoomLock(deps.db, sessionId, async (lock) => {
    const waiting = await findStudySession(deps.db, sessionId);
    // Over, its claim forgotten: the one we just took guards nothing either (match-tickets.ts).
    if (waiting && isOver(waiting)) await forgetMatchClaim(deps.db, sessionId);
    if (waiting?.status !== 'waiting') return null;
    const now = deps.now();
    const joined: StudySessionDoc = {
      ...waiting,
      status: 'active',
      startedAt: now,
      endsAt: new Date(now.getTime() + input.minutes * deps.config.study.minuteMs),
      // Whoever has the room open already is there; the others must arrive (presence.ts).
      seats: [...waiting.seats, newSeat(user, input.goal, now)].map((seat) => ({
        ...seat,
        arrivedAt: openStreams(seat) > 0 ? now : null,
      })),
    };
    // Its end is tracked before it starts, so a crash right after still gets it completed.
    await scheduleSession(deps, joined);
    await startWaitingSession(lock, joined);
    return joined;
  });
  if (!active) return null;
  // Nothing is logged while a session waits: its log starts here (no read of its persisted head).
  noteNewRoomLog(deps.db, active._id);
  const [, joined] = await Promise.all([
    pointLiveSeat(deps.db, user._id.toHexString(), active._id),
    recordRoomEvent(deps, active._id, { type: 'partnerJoined', userId: user._id, username: user.username }),
  ]);
  const id = active._id.toHexString();
  for (const seat of active.seats) {
    await deps.bus.publish(topics.user(seat.userId.toHexString()), { type: 'matchFound', sessionId: id });
  }
  return { session: active, lastEventSeq: Number(joined.id) };
}

const isOver = (session: StudySessionDoc) =>
  session.status === 'completed' || session.status === 'endedEarly' || session.status === 'cancelled';

/** A join claimed this long ago that has not started the session was cut short (its server died). */
const STALE_JOIN_MS = 15_000;

/**
 * Takes a waiting session's claim to withdraw it (a cancel or an expiry). True as well when it
 * was already taken to withdraw it, or by a join that never finished; false when a partner's
 * join holds it.
 */
export async function mayWithdraw(
  deps: ApiDeps,
  sessionId: ObjectId,
  claim: Omit<MatchClaimDoc, '_id'>,
): Promise<boolean> {
  if (await claimMatch(deps.db, sessionId, claim)) return true;
  const holder = await findMatchClaim(deps.db, sessionId);
  if (holder?.by !== 'join') return true;
  return deps.now().getTime() - holder.at.getTime() > STALE_JOIN_MS;
}

/**
 * Withdraws a waiting session whose claim we hold (a cancel or an expiry) and frees its student.
 * False when it is no longer waiting (a partner's join started it).
 */
export async function withdrawWaitingSession(deps: ApiDeps, sessionId: ObjectId): Promise<boolean> {
  const withdrawn = await withRoomLock(deps.db, sessionId, async (lock) => {
    const session = await findStudySession(deps.db, sessionId);
    if (session?.status !== 'waiting') return null;
    await markSessionCancelled(lock, deps.now());
    return session;
  });
  if (!withdrawn) return false;
  // No longer waiting, so nobody can act on it through its claim any more (match-tickets.ts).
  await forgetMatchClaim(deps.db, sessionId);
  for (const seat of withdrawn.seats) await releaseLiveSeat(deps.db, seat.userId.toHexString(), sessionId);
  return true;
}
