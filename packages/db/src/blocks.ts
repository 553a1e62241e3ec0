import { assertHeldFor, type BlocksLock } from './lock-handles';
import type { Db } from 'mongodb';

/** Most students one student may block: keeps their document small (it is read on every match). */
export const MAX_BLOCKED = 500;

/**
 * Whom one student blocked: `_id` = their user id, so every read (a match, a stream opening) is
 * one read by `_id`. Written only under `blocksLockKey` (FerretDB updates are unisolated).
 */
export interface BlockListDoc {
  _id: string;
  blocked: { userId: string; at: Date }[];
  updatedAt: Date;
}

export const blocksCollection = (db: Db) => db.collection<BlockListDoc>('blocks');

export function findBlockList(db: Db, userId: string): Promise<BlockListDoc | null> {
  return blocksCollection(db).findOne({ _id: userId });
}

/** The ids `userId` blocked (empty when none). */
export async function blockedIdsOf(db: Db, userId: string): Promise<Set<string>> {
  const doc = await findBlockList(db, userId);
  return new Set(doc?.blocked.map((entry) => entry.userId));
}

/** Replaces the student's list, under their blocks lock (whose student it must be). */
export async function saveBlockList(lock: BlocksLock, doc: BlockListDoc): Promise<void> {
  assertHeldFor(lock, doc._id === lock.userId);
  await blocksCollection(lock.db).replaceOne({ _id: doc._id }, doc, { upsert: true });
}

/** Forgets a student's own list (their account is deleted). */
export async function deleteBlockList(db: Db, userId: string): Promise<void> {
  await blocksCollection(db).deleteOne({ _id: userId });
}
