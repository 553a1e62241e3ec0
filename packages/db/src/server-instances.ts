import type { Db } from 'mongodb';

/**
 * Each running server, `_id` = its instance id, with when it last said it was alive.
 * Presence counts a student's open streams per server, so the streams of a server that died
 * without closing them (a crash, a killed pod) can be told apart and dropped.
 */
export interface ServerInstanceDoc {
  _id: string;
  startedAt: Date;
  seenAt: Date;
}

export const serverInstancesCollection = (db: Db) => db.collection<ServerInstanceDoc>('serverInstances');

/** A server starting up; its id is new, so nobody else writes this document. */
export async function registerInstance(db: Db, id: string, now: Date): Promise<void> {
  await serverInstancesCollection(db).insertOne({ _id: id, startedAt: now, seenAt: now });
}

/**
 * Records that this server is alive. False when its document is gone: another server presumed
 * it dead and dropped its streams.
 */
export async function recordInstanceAlive(db: Db, id: string, now: Date): Promise<boolean> {
  const collection = serverInstancesCollection(db);
  // Only this server writes its own document, so a plain update cannot race.
  const { matchedCount } = await collection.updateOne({ _id: id }, { $set: { seenAt: now } });
  return matchedCount === 1;
}

/** Servers not heard from since `seenBefore`: a handful of documents, so the filter is cheap. */
export function findSilentInstances(db: Db, seenBefore: Date): Promise<ServerInstanceDoc[]> {
  return serverInstancesCollection(db)
    .find({ seenAt: { $lt: seenBefore } })
    .toArray();
}

export async function removeInstance(db: Db, id: string): Promise<void> {
  await serverInstancesCollection(db).deleteOne({ _id: id });
}
