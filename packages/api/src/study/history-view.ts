import {
  findSessionHistory,
  findStudySession,
  ObjectId,
  type GoalResult,
  type SeatDoc,
  type StudySessionDoc,
  type StudySessionStatus,
} from '@studysync/db';
import { FORMER_STUDENT } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { countedMinutes, minutesFor } from './outcomes';

/** One past session as its participant's history lists it. */
export interface HistoryItemView {
  id: string;
  status: StudySessionStatus;
  startedAt: string | null;
  endedAt: string | null;
  plannedMinutes: number;
  /** Minutes this student studied of it. */
  minutesStudied: number;
  /** Whether it counts in their progress (the 5-minute rule). */
  counted: boolean;
  /** Null when nobody joined; "former student" for a partner who deleted their account. */
  partner: { username: string; former: boolean } | null;
  goal: string | null;
  checkIn: { result: GoalResult; note: string | null } | null;
}

export interface HistoryPage {
  items: HistoryItemView[];
  total: number;
  /** Pass back as `cursor` for older sessions; null when this page reaches the oldest. */
  nextCursor: number | null;
}

/** Newest first: one point read of the list, one per session on the page. */
export async function listHistory(
  deps: ApiDeps,
  userId: ObjectId,
  cursor: number | null,
  limit: number,
): Promise<HistoryPage> {
  const ids = await findSessionHistory(deps.db, userId.toHexString());
  const newestFirst = [...ids].reverse();
  const start = cursor ?? 0;
  const pageIds = newestFirst.slice(start, start + limit);
  const sessions = await Promise.all(
    pageIds.map((id) => (ObjectId.isValid(id) ? findStudySession(deps.db, new ObjectId(id)) : null)),
  );
  const items: HistoryItemView[] = [];
  for (const session of sessions) {
    const seat = session?.seats.find((candidate) => candidate.userId.equals(userId));
    if (session && seat) items.push(toHistoryItem(deps, session, seat));
  }
  const next = start + pageIds.length;
  return { items, total: ids.length, nextCursor: next < newestFirst.length ? next : null };
}

function toHistoryItem(deps: ApiDeps, session: StudySessionDoc, seat: SeatDoc): HistoryItemView {
  const partner = session.seats.find((other) => !other.userId.equals(seat.userId));
  const minuteMs = deps.config.study.minuteMs;
  return {
    id: session._id.toHexString(),
    status: session.status,
    startedAt: session.startedAt?.toISOString() ?? null,
    endedAt: session.endedAt?.toISOString() ?? null,
    plannedMinutes: session.plannedMinutes,
    minutesStudied: minutesFor(session, seat, minuteMs),
    counted: countedMinutes(session, seat, minuteMs) !== null,
    partner: partner
      ? { username: partner.former ? FORMER_STUDENT : partner.username, former: partner.former === true }
      : null,
    goal: seat.goal,
    checkIn: seat.checkIn && { result: seat.checkIn.result, note: seat.checkIn.note },
  };
}
