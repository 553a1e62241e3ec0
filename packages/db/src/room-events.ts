import type { Db, ObjectId } from 'mongodb';
import { type CommitOutcome, GroupCommit } from './room-log-commit';
import { roomLogHeadsCollection, roomLogHeadsOf } from './room-log-heads';

/** A persisted event of a room's log, numbered 1, 2, 3… within the room. */
export type RoomEventDoc =
  | { seq: number; at: Date; type: 'message'; authorId: ObjectId; authorName: string; text: string }
  | { seq: number; at: Date; type: 'partnerJoined'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'fiveMinutesLeft'; endsAt: Date }
  | { seq: number; at: Date; type: 'completed' }
  | { seq: number; at: Date; type: 'endedEarly'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'disconnected'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'reconnected'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'partnerMissing'; userId: ObjectId; username: string }
  // Group rooms (the room's own log, keyed by the room's id).
  | { seq: number; at: Date; type: 'memberJoined'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'memberLeft'; userId: ObjectId; username: string; reason: 'left' | 'gone' }
  | { seq: number; at: Date; type: 'memberRemoved'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'memberMuted'; userId: ObjectId; username: string; muted: boolean }
  | { seq: number; at: Date; type: 'hostChanged'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'goalSet'; userId: ObjectId; username: string; goal: string | null }
  | { seq: number; at: Date; type: 'runStarted'; run: number; startedAt: Date }
  | {
      seq: number;
      at: Date;
      type: 'phaseChanged';
      run: number;
      segment: number;
      kind: 'focus' | 'break' | 'longBreak';
      block: number;
      endsAt: Date;
    }
  | { seq: number; at: Date; type: 'breakSkipped'; run: number; skippedMs: number }
  | { seq: number; at: Date; type: 'runEnded'; run: number }
  | { seq: number; at: Date; type: 'roomClosed' };

export type NewRoomEvent = RoomEventDoc extends infer E
  ? E extends RoomEventDoc
    ? Omit<E, 'seq' | 'at'>
    : never
  : never;

/**
 * One document per event, `_id` = `<roomId>:<seq, 8 digits>`. Inserting that `_id` is what
 * claims the number: a unique-key insert is atomic on MongoDB and FerretDB alike, so two
 * senders never share a number and the log has no gaps. Reads are by `_id`.
 */
type StoredRoomEvent = RoomEventDoc & { _id: string };

export const roomEventsCollection = (db: Db) => db.collection<StoredRoomEvent>('roomEvents');
export { roomLogHeadsCollection };

/** Appends of this process, across rooms, go to the database together (room-log-commit.ts). */
const commits = new WeakMap<Db, GroupCommit<StoredRoomEvent>>();
function commitOf(db: Db): GroupCommit<StoredRoomEvent> {
  let commit = commits.get(db);
  if (!commit) commits.set(db, (commit = new GroupCommit(roomEventsCollection(db))));
  return commit;
}

const eventId = (roomId: ObjectId, seq: number) => `${roomId.toHexString()}:${String(seq).padStart(8, '0')}`;

async function hint(db: Db, roomId: ObjectId): Promise<number> {
  return (await roomLogHeadsCollection(db).findOne({ _id: roomId.toHexString() }))?.seq ?? 0;
}

/**
 * A room whose log this process knows to have started empty (a session it just started): its
 * first append tries number 1 without reading the persisted hint. Only ever a lower bound, like
 * every number known here: a number taken meanwhile is a duplicate key, and the next is tried.
 */
export function noteNewRoomLog(db: Db, roomId: ObjectId): void {
  roomLogHeadsOf(db).note(roomId.toHexString(), 0);
}

export interface AppendedRoomEvent {
  event: RoomEventDoc;
  /** Settles once the persisted hint covers it (off the append's path; a failure is only a slower read). */
  hintRaised: Promise<void>;
}

/**
 * Appends an event under the next free number: one insert when this process knows where the
 * room's log ends (it appended or read there before), else the hint read first. The insert goes
 * out with the other rooms' appends of the moment, as one `insertMany`.
 */
export async function appendRoomEvent(
  db: Db,
  roomId: ObjectId,
  event: NewRoomEvent,
  at: Date,
): Promise<AppendedRoomEvent> {
  const heads = roomLogHeadsOf(db);
  const room = roomId.toHexString();
  return heads.exclusive(room, async () => {
    let seq = (heads.get(room) ?? (await hint(db, roomId))) + 1;
    for (;;) {
      const doc: RoomEventDoc = { ...event, seq, at };
      let outcome: CommitOutcome;
      try {
        outcome = await commitOf(db).insert({ ...doc, _id: eventId(roomId, seq) });
      } catch (error) {
        // Whether it was written is unknown: start from the persisted hint next time.
        heads.forget(room);
        throw error;
      }
      heads.note(room, seq);
      if (outcome === 'taken') {
        // Taken (by another replica, or a send that raced this one): try the next number.
        seq += 1;
        continue;
      }
      return { event: doc, hintRaised: heads.raise(room, seq) };
    }
  });
}

function strip({ _id: _ignored, ...event }: StoredRoomEvent): RoomEventDoc {
  return event as RoomEventDoc;
}

/** Events numbered `from..to` (inclusive) that exist, oldest first. */
async function readRange(db: Db, roomId: ObjectId, from: number, to: number): Promise<RoomEventDoc[]> {
  const reads: Promise<StoredRoomEvent | null>[] = [];
  for (let seq = Math.max(1, from); seq <= to; seq += 1) {
    reads.push(roomEventsCollection(db).findOne({ _id: eventId(roomId, seq) }));
  }
  return (await Promise.all(reads)).filter((event): event is StoredRoomEvent => event !== null).map(strip);
}

/** Events numbered `from..to` (inclusive) that exist, oldest first: a reader's gap, by `_id`. */
export function readRoomEventsBetween(db: Db, roomId: ObjectId, from: number, to: number): Promise<RoomEventDoc[]> {
  return readRange(db, roomId, from, to);
}

/** Every event after `after`, oldest first (up to `limit`). */
export async function readRoomEventsAfter(
  db: Db,
  roomId: ObjectId,
  after: number,
  limit = 500,
): Promise<RoomEventDoc[]> {
  const head = await latestRoomEventSeq(db, roomId);
  return readRange(db, roomId, after + 1, Math.min(head, after + limit));
}

/** Up to `limit` events before `before`, oldest first. */
export function readRoomEventsBefore(db: Db, roomId: ObjectId, before: number, limit: number): Promise<RoomEventDoc[]> {
  return readRange(db, roomId, before - limit, before - 1);
}

/**
 * The number of the newest event (0 when none): from what this process knows (else the hint),
 * forward to the first free number.
 */
export async function latestRoomEventSeq(db: Db, roomId: ObjectId): Promise<number> {
  const heads = roomLogHeadsOf(db);
  const room = roomId.toHexString();
  let seq = heads.get(room) ?? (await hint(db, roomId));
  while (await roomEventsCollection(db).findOne({ _id: eventId(roomId, seq + 1) }, { projection: { _id: 1 } })) {
    seq += 1;
  }
  if (seq > 0) heads.note(room, seq);
  return seq;
}
