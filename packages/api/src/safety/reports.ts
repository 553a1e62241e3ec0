import {
  findReport,
  insertReport,
  latestRoomEventSeq,
  ObjectId,
  readRoomEventsBefore,
  reportId,
  type ReportDoc,
  type ReportedMessage,
  type RoomEventDoc,
  type UserDoc,
} from '@studysync/db';
import type { ReportInput } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { fieldError } from '../errors';

/** Messages kept as evidence before the reported one (or before the report, for a member). */
export const EVIDENCE_MESSAGES = 10;
/** Events read back to find them (joins, notices and the like sit between messages). */
const EVIDENCE_EVENTS = 40;

const asMessage = (event: RoomEventDoc): ReportedMessage | null =>
  event.type === 'message'
    ? { seq: event.seq, authorId: event.authorId, authorName: event.authorName, text: event.text, at: event.at }
    : null;

const messagesOf = (events: RoomEventDoc[]): ReportedMessage[] =>
  events.map(asMessage).filter((message): message is ReportedMessage => message !== null);

export interface ReportResult {
  ok: true;
  /** This reporter had already reported this target: nothing new was stored. */
  duplicate: boolean;
}

/**
 * Stores a report on a message or a member of a room the reporter is (or was) in, with the
 * evidence copied from the room's log. Once per reporter and target (the report's `_id`).
 * Anyone outside the room learns nothing (NOT_FOUND).
 */
export async function fileReport(deps: ApiDeps, reporter: UserDoc, input: ReportInput): Promise<ReportResult> {
  const { db } = deps;
  const reporterId = reporter._id.toHexString();
  const { target } = input;
  const room = await deps.hooks.roomMembers(deps, target.roomId, reporterId);
  if (!room) throw fieldError('NOT_FOUND', 'target.roomId', 'Room not found');

  const targetId = target.kind === 'message' ? `${target.roomId}:${target.messageId}` : target.userId;
  const id = reportId(reporterId, target.kind, targetId);
  if (await findReport(db, id)) return { ok: true, duplicate: true };

  let reported: ReportedMessage | null = null;
  let evidenceBefore: number;
  let targetUser: { userId: string; username: string };
  if (target.kind === 'message') {
    const seq = Number(target.messageId);
    const [event] = await readRoomEventsBefore(db, room.roomId, seq + 1, 1);
    reported = event ? asMessage(event) : null;
    if (!reported) throw fieldError('NOT_FOUND', 'target.messageId', 'Message not found');
    if (reported.authorId.equals(reporter._id)) {
      throw fieldError('BAD_REQUEST', 'target.messageId', 'You cannot report your own message');
    }
    targetUser = { userId: reported.authorId.toHexString(), username: reported.authorName };
    evidenceBefore = seq;
  } else {
    if (target.userId === reporterId) throw fieldError('BAD_REQUEST', 'target.userId', 'You cannot report yourself');
    const member = room.members.find((each) => each.userId === target.userId);
    if (!member) throw fieldError('NOT_FOUND', 'target.userId', 'No such member in this room');
    targetUser = member;
    evidenceBefore = (await latestRoomEventSeq(db, room.roomId)) + 1;
  }
  const before = messagesOf(await readRoomEventsBefore(db, room.roomId, evidenceBefore, EVIDENCE_EVENTS)).slice(
    -EVIDENCE_MESSAGES,
  );

  const report: ReportDoc = {
    _id: id,
    kind: target.kind,
    roomId: room.roomId,
    roomKind: room.kind,
    reporterId: reporter._id,
    reporterName: reporter.username,
    targetUserId: new ObjectId(targetUser.userId),
    targetName: targetUser.username,
    reason: input.reason,
    text: input.text || null,
    evidence: { message: reported, before },
    at: deps.now(),
  };
  // Two tabs reporting at once: the unique `_id` keeps one.
  if (!(await insertReport(db, report))) return { ok: true, duplicate: true };
  deps.logger.info({ reportId: id, reason: input.reason, kind: target.kind, roomKind: room.kind }, 'Report filed');
  deps.onReport?.({ reason: input.reason, kind: target.kind });
  return { ok: true, duplicate: false };
}
