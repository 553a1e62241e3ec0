import type { Db, ObjectId } from 'mongodb';

/** A persisted event of a room's log, numbered by the room's `eventSeq`. */
export type RoomEventDoc =
  | { seq: number; at: Date; type: 'message'; authorId: ObjectId; authorName: string; text: string }
  | { seq: number; at: Date; type: 'partnerJoined'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'fiveMinutesLeft'; endsAt: Date }
  | { seq: number; at: Date; type: 'completed' }
  | { seq: number; at: Date; type: 'endedEarly'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'disconnected'; userId: ObjectId; username: string }
  | { seq: number; at: Date; type: 'reconnected'; userId: ObjectId; username: string };

export type NewRoomEvent = RoomEventDoc extends infer E
  ? E extends RoomEventDoc
    ? Omit<E, 'seq' | 'at'>
    : never
  : never;

/**
 * Events live in buckets of BUCKET_SIZE per document, `_id` = `<roomId>:<bucket>`, so a
 * page of history or a reconnect's backfill is one or two reads by `_id`.
 */
export const BUCKET_SIZE = 50;

interface RoomEventBucketDoc {
  _id: string;
  events: RoomEventDoc[];
}

export const roomEventBucketsCollection = (db: Db) => db.collection<RoomEventBucketDoc>('roomEventBuckets');

const bucketId = (roomId: ObjectId, seq: number) => `${roomId.toHexString()}:${Math.floor(seq / BUCKET_SIZE)}`;

export async function storeRoomEvent(db: Db, roomId: ObjectId, event: RoomEventDoc): Promise<void> {
  await roomEventBucketsCollection(db).updateOne(
    { _id: bucketId(roomId, event.seq) },
    { $push: { events: event } },
    { upsert: true },
  );
}

/** Events with `after < seq <= upTo`, oldest first. */
export async function readRoomEvents(db: Db, roomId: ObjectId, after: number, upTo: number): Promise<RoomEventDoc[]> {
  if (upTo <= after) return [];
  const ids = new Set<string>();
  for (let seq = after + 1; seq <= upTo; seq += BUCKET_SIZE) ids.add(bucketId(roomId, seq));
  ids.add(bucketId(roomId, upTo));
  const buckets = await Promise.all([...ids].map((id) => roomEventBucketsCollection(db).findOne({ _id: id })));
  return buckets
    .flatMap((bucket) => bucket?.events ?? [])
    .filter((event) => event.seq > after && event.seq <= upTo)
    .sort((a, b) => a.seq - b.seq);
}
