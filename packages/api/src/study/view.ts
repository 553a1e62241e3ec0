import {
  latestRoomEventSeq,
  openStreams,
  type GoalResult,
  type SeatDoc,
  type StudySessionDoc,
  type StudySessionStatus,
} from '@studysync/db';
import type { ApiDeps } from '../deps';

export interface SeatView {
  userId: string;
  username: string;
  goal: string | null;
  /** Has at least one open connection to the room right now. */
  online: boolean;
  /** Gone longer than the grace period and not back. */
  disconnected: boolean;
  checkIn: { result: GoalResult; note: string | null; at: string } | null;
}

/** A session as one of its participants sees it. Clients count down from `endsAt`, corrected by `serverTime`. */
export interface StudySessionView {
  id: string;
  status: StudySessionStatus;
  plannedMinutes: number;
  createdAt: string;
  startedAt: string | null;
  endsAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
  fiveMinuteNoticeSent: boolean;
  /** Minutes studied so far (ended sessions: in total). */
  minutesStudied: number;
  serverTime: string;
  /** Id of the newest event in the room's log; pass it as `lastEventId` to stream from here. */
  lastEventId: string;
  me: SeatView;
  partner: SeatView | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function toSeatView(seat: SeatDoc): SeatView {
  return {
    userId: seat.userId.toHexString(),
    username: seat.username,
    goal: seat.goal,
    online: openStreams(seat) > 0,
    disconnected: seat.disconnectedAt !== null,
    checkIn: seat.checkIn && { ...seat.checkIn, at: seat.checkIn.at.toISOString() },
  };
}

/** Whole study minutes between `startedAt` and `until`, within the planned length. */
export function studiedMinutes(session: StudySessionDoc, until: Date, minuteMs: number): number {
  if (!session.startedAt) return 0;
  const elapsed = Math.floor((until.getTime() - session.startedAt.getTime()) / minuteMs);
  return Math.max(0, Math.min(session.plannedMinutes, elapsed));
}

export function toSessionView(
  session: StudySessionDoc,
  viewerId: string,
  { now, minuteMs, lastEventSeq }: { now: Date; minuteMs: number; lastEventSeq: number },
): StudySessionView {
  const mine = session.seats.find((seat) => seat.userId.toHexString() === viewerId);
  const theirs = session.seats.find((seat) => seat.userId.toHexString() !== viewerId);
  if (!mine) throw new Error('toSessionView called for someone without a seat');
  return {
    id: session._id.toHexString(),
    status: session.status,
    plannedMinutes: session.plannedMinutes,
    createdAt: session.createdAt.toISOString(),
    startedAt: iso(session.startedAt),
    endsAt: iso(session.endsAt),
    endedAt: iso(session.endedAt),
    endedBy: session.endedBy?.toHexString() ?? null,
    fiveMinuteNoticeSent: session.fiveMinuteNoticeAt !== null,
    minutesStudied: studiedMinutes(session, session.endedAt ?? now, minuteMs),
    serverTime: now.toISOString(),
    lastEventId: String(lastEventSeq),
    me: toSeatView(mine),
    partner: theirs ? toSeatView(theirs) : null,
  };
}

export function seatIndexOf(session: StudySessionDoc, userId: string): number {
  return session.seats.findIndex((seat) => seat.userId.toHexString() === userId);
}

/** The view, with the room log's newest event number read from the database. */
export async function loadSessionView(
  deps: ApiDeps,
  session: StudySessionDoc,
  viewerId: string,
): Promise<StudySessionView> {
  const lastEventSeq = await latestRoomEventSeq(deps.db, session._id);
  return toSessionView(session, viewerId, { now: deps.now(), minuteMs: deps.config.study.minuteMs, lastEventSeq });
}
