import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKey } from './errors';

/**
 * A short lease on a key, shared by every server on the database.
 *
 * Why: FerretDB 1.24 on SQLite runs an update as read-modify-write without isolation, so two
 * concurrent conditional updates of one document can both "win" and `$inc`s get lost (seen:
 * 47 of 400 concurrent increments kept). Inserting a unique `_id` and deleting by `_id` are
 * atomic there, as on MongoDB; this lease is built on those two alone. Every writer of a
 * guarded document takes its lease, so conditional updates inside stay exactly-once on both
 * engines.
 */
interface LockDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

export const locksCollection = (db: Db) => db.collection<LockDoc>('locks');

export class LockTimeoutError extends Error {
  constructor(readonly key: string) {
    super(`Timed out waiting for lock ${key}`);
    this.name = 'LockTimeoutError';
  }
}

export interface LockOptions {
  /** A holder that dies is presumed gone after this long. */
  leaseMs?: number;
  /** Give up waiting after this long. */
  waitMs?: number;
}

export async function withLock<T>(db: Db, key: string, task: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const { leaseMs = 15_000, waitMs = 10_000 } = options;
  const collection = locksCollection(db);
  const owner = randomUUID();
  const giveUpAt = Date.now() + waitMs;
  let expiresAt = 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      expiresAt = Date.now() + leaseMs;
      await collection.insertOne({ _id: key, owner, expiresAt: new Date(expiresAt) });
      break;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const holder = await collection.findOne({ _id: key });
    if (holder && holder.expiresAt.getTime() < Date.now()) {
      // The holder died mid-task: break its lease, once. Two waiters may both see it expired;
      // only the one whose unique break mark goes in deletes, so neither deletes the other's new lease.
      if (await markBroken(db, key, holder.owner)) await collection.deleteOne({ _id: key });
      continue;
    }
    if (Date.now() > giveUpAt) throw new LockTimeoutError(key);
    await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt * 2, 25) + Math.random() * 5));
  }
  try {
    return await task();
  } finally {
    await release(db, key, owner, expiresAt);
  }
}

/** Leases are only broken once expired; this much earlier, ours is surely still ours. */
const RELEASE_MARGIN_MS = 1_000;

/**
 * Deletes our lease by `_id` alone (a second key would make FerretDB scan the collection). Within
 * the lease nobody else can hold it; past it, someone may have broken it: look before deleting.
 */
async function release(db: Db, key: string, owner: string, expiresAt: number): Promise<void> {
  const collection = locksCollection(db);
  if (Date.now() < expiresAt - RELEASE_MARGIN_MS) {
    await collection.deleteOne({ _id: key });
    return;
  }
  const holder = await collection.findOne({ _id: key });
  if (holder?.owner === owner) await collection.deleteOne({ _id: key });
}

async function markBroken(db: Db, key: string, owner: string): Promise<boolean> {
  try {
    await locksCollection(db).insertOne({ _id: `broken:${key}:${owner}`, owner, expiresAt: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
