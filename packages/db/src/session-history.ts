import type { HistoryLock } from './lock-handles';
import type { Db } from 'mongodb';
import { replaceById } from './leaderboard';

/**
 * Per student: the ids of the sessions they sat in, oldest first, so their history is one
 * point read plus one per session shown, never a filter over every session. Appended when a
 * session ends (under `historyLockKey`: FerretDB updates are unisolated read-modify-writes);
 * appending an id already there changes nothing, so a repeated wrap-up adds it once.
 */
export interface SessionHistoryDoc {
  _id: string;
  sessionIds: string[];
}

/** The newest this many are kept: a page of history never needs more, and the document stays small. */
export const SESSION_HISTORY_KEPT = 2000;

export const sessionHistoryCollection = (db: Db) => db.collection<SessionHistoryDoc>('sessionHistory');

export async function findSessionHistory(db: Db, userId: string): Promise<string[]> {
  const doc = await sessionHistoryCollection(db).findOne({ _id: userId });
  return doc?.sessionIds ?? [];
}

/** Adds a session to the student's list once, under their history lock. */
export async function appendSessionHistory(lock: HistoryLock, sessionId: string): Promise<void> {
  const { db, userId } = lock;
  const ids = await findSessionHistory(db, userId);
  if (ids.includes(sessionId)) return;
  const sessionIds = [...ids, sessionId].slice(-SESSION_HISTORY_KEPT);
  await replaceById(sessionHistoryCollection(db), { _id: userId, sessionIds });
}

export async function deleteSessionHistory(db: Db, userId: string): Promise<void> {
  await sessionHistoryCollection(db).deleteOne({ _id: userId });
}
