import type { Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from './errors';

/** A persisted event of a room's log, numbered 1, 2, 3… within the room. */
export type RoomEventDoc =
  | { seq: number; at: Date; type: 'message'; authorId: ObjectId; authorName: string; text: string }
  | { seq: number; at: Date; type: 'partnerJoined'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'fiveMinutesLeft'; endsAt: Date }
  | { seq: number; at: Date; type: 'completed' }
  | { seq: number; at: Date; type: 'endedEarly'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'disconnected'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'reconnected'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'partnerMissing'; userId: ObjectId; username: string };

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

/** The highest number known to be taken, to start the next claim near the end. Only a hint. */
interface RoomLogHeadDoc {
  _id: string;
  seq: number;
}

export const roomEventsCollection = (db: Db) => db.collection<StoredRoomEvent>('roomEvents');
export const roomLogHeadsCollection = (db: Db) => db.collection<RoomLogHeadDoc>('roomLogHeads');

const eventId = (roomId: ObjectId, seq: number) => `${roomId.toHexString()}:${String(seq).padStart(8, '0')}`;

async function hint(db: Db, roomId: ObjectId): Promise<number> {
  return (await roomLogHeadsCollection(db).findOne({ _id: roomId.toHexString() }))?.seq ?? 0;
}

async function raiseHint(db: Db, roomId: ObjectId, seq: number): Promise<void> {
  try {
    await roomLogHeadsCollection(db).updateOne({ _id: roomId.toHexString() }, { $max: { seq } }, { upsert: true });
  } catch (error) {
    // Two first events raced to create the head; it exists now.
    if (!isDuplicateKey(error)) throw error;
    await roomLogHeadsCollection(db).updateOne({ _id: roomId.toHexString() }, { $max: { seq } });
  }
}

/** Appends an event under the next free number and returns it. */
export async function appendRoomEvent(db: Db, roomId: ObjectId, event: NewRoomEvent, at: Date): Promise<RoomEventDoc> {
  let seq = (await hint(db, roomId)) + 1;
  for (;;) {
    const doc: RoomEventDoc = { ...event, seq, at };
    try {
      await roomEventsCollection(db).insertOne({ ...doc, _id: eventId(roomId, seq) });
      await raiseHint(db, roomId, seq);
      return doc;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      seq += 1;
    }
  }
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

/** The number of the newest event (0 when none): the hint, then forward to the first free number. */
export async function latestRoomEventSeq(db: Db, roomId: ObjectId): Promise<number> {
  let seq = await hint(db, roomId);
  while (await roomEventsCollection(db).findOne({ _id: eventId(roomId, seq + 1) }, { projection: { _id: 1 } })) {
    seq += 1;
  }
  return seq;
}
