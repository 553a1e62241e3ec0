import pLimit from 'p-limit';
import {
  findCreditedBlock,
  findRoom,
  findRoomPresence,
  ObjectId,
  roomPresenceId,
  saveCreditedBlock,
  withRoomCreditLock,
  type RoomDoc,
  type RoomMemberDoc,
  type RoomRunDoc,
  type SessionOutcomeKind,
} from '@studysync/db';
import { roomPhaseAt, roomSegment } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { counted, creditStudy } from '../study';
import { asSchedule } from './store';

/** The last focus block of the run that is over by now (or by its end, the running one cut there). */
export function lastDueBlock(deps: ApiDeps, room: RoomDoc, run: RoomRunDoc): number {
  const at = run.endedAt ?? deps.now();
  const phase = roomPhaseAt(asSchedule(run, room), at.getTime(), deps.config.study.minuteMs);
  if (run.endedAt) return phase.block;
  return phase.kind === 'focus' ? phase.block - 1 : phase.block;
}

/** When a member still in the room counts as gone (away past their grace period), else null. */
function goneAsOf(deps: ApiDeps, member: RoomMemberDoc): { since: number; dueAt: number } | null {
  if (!member.awaySince) return null;
  if (!member.arrived)
    return { since: member.joinedAt.getTime(), dueAt: member.joinedAt.getTime() + deps.config.study.waitingGraceMs };
  const since = member.awaySince.getTime();
  return { since, dueAt: since + deps.config.study.presenceGraceMs };
}

/** One attendee's time in `[from, to)`: whether they were still there at its end, and why not. */
async function presenceIn(
  deps: ApiDeps,
  room: RoomDoc,
  run: RoomRunDoc,
  userId: string,
  from: number,
  to: number,
): Promise<{ ms: number; username: string; kind: SessionOutcomeKind } | null> {
  const doc = await findRoomPresence(deps.db, roomPresenceId(room._id, run.no, userId));
  if (!doc) return null;
  const member = room.members.find((each) => each.userId.toHexString() === userId);
  const gone = member ? goneAsOf(deps, member) : null;
  let ms = 0;
  let kind: SessionOutcomeKind = 'disconnected';
  for (const stretch of doc.stretches) {
    // Away within the grace period counts as there; past it, gone as of when they left.
    const openEnd = gone && gone.dueAt <= to ? gone.since : to;
    const end = Math.min(to, stretch.to?.getTime() ?? openEnd);
    ms += Math.max(0, end - Math.max(from, stretch.from.getTime()));
    if (end >= to) kind = 'completed';
    else if (stretch.to && stretch.to.getTime() < to && stretch.to.getTime() > from) {
      kind = stretch.why === 'left' ? 'quit' : 'disconnected';
    }
  }
  return { ms, username: doc.username, kind };
}

/** Credits focus block `block` to every attendee present long enough (the partner sessions' 5-minute rule). */
async function creditBlock(deps: ApiDeps, room: RoomDoc, run: RoomRunDoc, block: number): Promise<void> {
  const minuteMs = deps.config.study.minuteMs;
  const segment = roomSegment(asSchedule(run, room), 2 * (block - 1), minuteMs);
  const from = segment.startsAt;
  const to = Math.min(segment.endsAt, run.endedAt?.getTime() ?? Number.POSITIVE_INFINITY);
  const sessionId = `${room._id.toHexString()}:${run.no}:${block}`;
  // Students' counters are separate documents under separate locks: a few at a time.
  const limit = pLimit(8);
  await Promise.all(
    run.attendees.map((userId) =>
      limit(async () => {
        const presence = await presenceIn(deps, room, run, userId, from, to);
        const minutes = presence && counted(Math.floor(presence.ms / minuteMs));
        if (!presence || minutes === null) return;
        await creditStudy(deps, {
          userId: new ObjectId(userId),
          username: presence.username,
          sessionId,
          kind: presence.kind,
          minutes,
          endedAt: new Date(to),
        });
      }),
    ),
  );
}

/**
 * Credits every focus block of the room's run that is over and not yet credited, in order, each
 * exactly once per member: one crediter per room at a time (its own lock, so joins and presence
 * never wait behind a long credit), the progress kept after each block; a re-run after a crash
 * repeats the interrupted block, which each student's counters recognise as the last applied.
 */
export async function creditDueBlocks(deps: ApiDeps, id: ObjectId): Promise<void> {
  await withRoomCreditLock(
    deps.db,
    id,
    async (lock) => {
      const room = await findRoom(deps.db, id);
      const run = room?.run;
      if (!room || !run) return;
      const last = lastDueBlock(deps, room, run);
      for (let block = (await findCreditedBlock(deps.db, id, run.no)) + 1; block <= last; block += 1) {
        await creditBlock(deps, room, run, block);
        await saveCreditedBlock(lock, run.no, block);
      }
    },
    { waitMs: 60_000, leaseMs: 60_000 },
  );
}

/** Whether some over block of the run still waits for its credit (the sweep comes back for it). */
export async function creditPending(deps: ApiDeps, room: RoomDoc): Promise<boolean> {
  if (!room.run) return false;
  return (await findCreditedBlock(deps.db, room._id, room.run.no)) < lastDueBlock(deps, room, room.run);
}
