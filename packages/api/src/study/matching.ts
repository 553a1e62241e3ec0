import {
  advanceMatchHead,
  blockedIdsOf,
  claimLiveSeat,
  claimMatch,
  discardUnlistedSession,
  findLiveSeat,
  findMatchTicket,
  findRoom,
  findStudySession,
  insertStudySession,
  matchTicketId,
  ObjectId,
  pointLiveSeat,
  putMatchTicket,
  releaseLiveSeat,
  releaseRoomSeat,
  type MatchTicketDoc,
  type StudySessionDoc,
  type UserDoc,
} from '@studysync/db';
import type { FindPartnerInput } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { DomainError } from '../errors';
import { joinWaitingSession, mayWithdraw, newSeat, withdrawWaitingSession } from './match-join';
import { HEAD_REFRESH_MS, HEAD_TRUST_MS, hintOf, lineOf, readHead } from './match-line';
import { expectStream, expectStreams } from './presence';

/** Slots looked at in one walk before giving up (each a read, most also a failed claim). */
const MAX_PROBES = 200;
/** The shared hint moves on every this many slots (a stale walker reads at most this many more). */
const HEAD_EVERY = 8;
/** Walks before giving up: a claimed session that was no longer waiting sends us walking again. */
const MAX_ATTEMPTS = 20;
/** The session found, with its room log's newest event number when already known (null: read it). */
export interface Paired {
  session: StudySessionDoc;
  lastEventSeq: number | null;
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
 * makes them the one waiting. No lock and no read-then-write in the database: the waiting line
 * is a unique insert per slot and a unique claim per waiting session (match-tickets.ts), and the
 * student's live seat (unique by user) stops them waiting twice or studying twice.
 */
export async function findPartner(deps: ApiDeps, user: UserDoc, input: FindPartnerInput): Promise<Paired> {
  const userId = user._id.toHexString();
  // Whom they blocked, read beside the seat claim (one read by `_id`, no extra round trip).
  const [claimedNow, blocked] = await Promise.all([
    claimLiveSeat(deps.db, userId, deps.now()),
    blockedIdsOf(deps.db, userId),
  ]);
  const claimed = claimedNow || (await reclaimAbandonedSeat(deps, userId)) || (await reclaimRoomSeat(deps, userId));
  if (!claimed) {
    const existing = await waitForLiveSession(deps, userId);
    if (existing) return { session: existing, lastEventSeq: null };
    throw new DomainError('CONFLICT', 'You are already looking for a partner');
  }
  let own: StudySessionDoc | null = null;
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const outcome = await lineOf(deps.db, input.minutes)(() => walkTheLine(deps, user, input, own, blocked));
      own = outcome.own;
      if (outcome.waiting) {
        const waiting = outcome.waiting;
        // The shared hint only spares other servers a long walk: every few slots is enough.
        if (outcome.generation % HEAD_EVERY === 0) await advanceMatchHead(deps.db, input.minutes, outcome.generation);
        await pointLiveSeat(deps.db, userId, waiting._id);
        // A request nobody's page listens to is let go (the student asked and left).
        await expectStream(deps, waiting._id, userId, graceFrom(deps, waiting.createdAt));
        return { session: waiting, lastEventSeq: 0 }; // nothing happened in it yet
      }
      // Our own ticket from an earlier request cut short: withdraw it rather than pair with ourselves.
      if (outcome.claimed.userId.equals(user._id)) await withdrawWaitingSession(deps, outcome.claimed.sessionId);
      else {
        const joined = await joinWaitingSession(deps, user, input, outcome.claimed.sessionId);
        if (joined) {
          if (own) await discardOwn(deps, own);
          // A partner who never opens the room is let go, and the other told (presence.ts).
          const { session } = joined;
          const absent = session.seats
            .filter((each) => each.arrivedAt === null)
            .map((seat) => seat.userId.toHexString());
          await expectStreams(deps, session._id, absent, graceFrom(deps, session.startedAt ?? deps.now()));
          return joined;
        }
      }
      // What we claimed was no longer waiting (its request was cut short): walk on.
    }
    throw new DomainError('SERVICE_UNAVAILABLE', 'Matching is very busy; please try again');
  } catch (error) {
    if (own) await discardOwn(deps, own);
    await releaseLiveSeat(deps.db, userId, null);
    throw error;
  }
}

type WalkOutcome = { own: StudySessionDoc | null } & (
  { waiting: StudySessionDoc; generation: number } | { waiting: null; claimed: MatchTicketDoc }
);

/** Whether the two may not be paired: either blocked the other (their list is read by `_id`). */
async function keptApart(deps: ApiDeps, userId: string, blocked: ReadonlySet<string>, other: string): Promise<boolean> {
  return blocked.has(other) || (await blockedIdsOf(deps.db, other)).has(userId);
}

/**
 * Walks the line from the first slot we believe unclaimed: claims the waiting ticket, or puts ours.
 * A ticket of someone we are kept apart from (a block, either way) is stepped over, unclaimed, for
 * the next student; the hints then stay at the first slot stepped over, so whoever comes next
 * still looks there first and that student is not left waiting behind later slots.
 */
async function walkTheLine(
  deps: ApiDeps,
  user: UserDoc,
  input: FindPartnerInput,
  ownSoFar: StudySessionDoc | null,
  blocked: ReadonlySet<string>,
): Promise<WalkOutcome> {
  const { db } = deps;
  const minutes = input.minutes;
  const hint = hintOf(db, minutes);
  // Used slots behind the head are deleted (match-line-cleanup.ts): a missing slot means "free"
  // only to a walker that started from a head read recently.
  if (Date.now() - hint.headReadAt > HEAD_REFRESH_MS) await readHead(db, minutes, hint);
  let generation = hint.generation;
  let known = hint.known;
  let lookedAtHead = false;
  let firstSkipped: number | null = null;
  const userId = user._id.toHexString();
  // Our own waiting session, written once we find a free slot; unknown to anyone until it is put.
  let own = ownSoFar;
  for (let probe = 0; probe < MAX_PROBES; probe += 1) {
    // What this server knows of the first slot spares its read: a ticket it put (never rewritten;
    // a claim taken since fails, or finds the session over), or a slot believed free (the put tells).
    const ticket = known === null ? await findMatchTicket(db, minutes, generation) : known === 'free' ? null : known;
    known = null;
    if (!ticket) {
      if (Date.now() - hint.headReadAt > HEAD_TRUST_MS) {
        // Too long since the head was read to trust a missing slot: read it and look again.
        await readHead(db, minutes, hint);
        generation = Math.max(generation, hint.generation);
        continue;
      }
      own ??= await insertWaitingSession(deps, user, input);
      const since = own.createdAt;
      const put = { sessionId: own._id, userId: user._id, since };
      if (await putMatchTicket(db, minutes, generation, put)) {
        const at = firstSkipped ?? generation;
        Object.assign(hint, {
          generation: at,
          known: at === generation ? { _id: matchTicketId(minutes, generation), ...put } : null,
        });
        return { own: null, waiting: own, generation: at };
      }
      continue; // Someone (on another server) put a ticket in this slot first: pair with them.
    }
    const by = ticket.userId.equals(user._id) ? ('cancel' as const) : ('join' as const);
    if (by === 'join' && (await keptApart(deps, userId, blocked, ticket.userId.toHexString()))) {
      // Checked before the claim, which cannot be undone: the slot stays theirs for someone else.
      firstSkipped ??= generation;
      generation += 1;
      continue;
    }
    if (await claimMatch(db, ticket.sessionId, { by, userId: user._id, at: deps.now() })) {
      const at = firstSkipped ?? generation + 1;
      Object.assign(hint, { generation: at, known: firstSkipped === null ? 'free' : null });
      return { own, waiting: null, claimed: ticket };
    }
    generation += 1;
    if (!lookedAtHead) {
      // Our hint was stale (another server paired since): jump to the shared one.
      lookedAtHead = true;
      await readHead(db, minutes, hint);
      generation = Math.max(generation, hint.generation);
    }
  }
  throw new DomainError('SERVICE_UNAVAILABLE', 'Matching is very busy; please try again');
}

async function insertWaitingSession(deps: ApiDeps, user: UserDoc, input: FindPartnerInput): Promise<StudySessionDoc> {
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
  return session;
}

const graceFrom = (deps: ApiDeps, at: Date) => new Date(at.getTime() + deps.config.study.waitingGraceMs);

/** Our waiting session never got a slot (we paired instead): nobody else knows of it. */
async function discardOwn(deps: ApiDeps, own: StudySessionDoc): Promise<void> {
  await discardUnlistedSession(deps.db, own._id, deps.now());
}

/** A seat claimed this long ago and never pointed at a session was left by a request cut short. */
const ABANDONED_SEAT_MS = 60_000;

/**
 * A request cut short mid-match (its server died) leaves the student's seat claimed and pointing
 * nowhere. It matters only when they ask again, so it is freed then, rather than by a sweep
 * reading every live seat.
 */
async function reclaimAbandonedSeat(deps: ApiDeps, userId: string): Promise<boolean> {
  const seat = await findLiveSeat(deps.db, userId);
  if (!seat || seat.sessionId || seat.roomId || deps.now().getTime() - seat.since.getTime() < ABANDONED_SEAT_MS)
    return false;
  await releaseLiveSeat(deps.db, userId, null);
  return claimLiveSeat(deps.db, userId, deps.now());
}

/**
 * One live thing per student: someone in a group room leaves it before looking for a partner.
 * A seat a closed room left behind is freed and claimed (true); no room seat: false.
 */
async function reclaimRoomSeat(deps: ApiDeps, userId: string): Promise<boolean> {
  const seat = await findLiveSeat(deps.db, userId);
  if (!seat?.roomId) return false;
  const room = await findRoom(deps.db, seat.roomId);
  if (room?.status === 'open' && room.members.some((member) => member.userId.toHexString() === userId)) {
    throw new DomainError('CONFLICT', `You are in the room ${room.name}: leave it first`);
  }
  // A seat left behind by a room that closed or let them go: free it and carry on.
  await releaseRoomSeat(deps.db, userId, seat.roomId);
  return claimLiveSeat(deps.db, userId, deps.now());
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

/**
 * Stops waiting. Returns false when a partner already joined (the session is live). The
 * session's claim decides between the two: whichever inserts it first wins.
 */
export async function cancelWaiting(deps: ApiDeps, userId: string): Promise<boolean> {
  const session = await currentSession(deps, userId);
  if (!session) return true;
  if (session.status !== 'waiting') return false;
  // Whoever claims the session first decides: a partner joining, or this (or the request's expiry).
  if (!(await mayWithdraw(deps, session._id, { by: 'cancel', userId: new ObjectId(userId), at: deps.now() }))) {
    return false;
  }
  // Under the room's lock, only a session still waiting is withdrawn: a late join or this, not both.
  if (await withdrawWaitingSession(deps, session._id)) return true;
  return (await currentSession(deps, userId))?.status !== 'active';
}
