import type { Db, ObjectId } from 'mongodb';
import type { IndexDeclaration } from './indexes';

/** A signed-in browser or client. `_id` is the SHA-256 of the token: a leaked table signs nobody in. */
export interface AuthSessionDoc {
  _id: string;
  userId: ObjectId;
  createdAt: Date;
  expiresAt: Date;
}

export const authSessionIndexes: IndexDeclaration[] = [
  // Sweeping expired sessions; TTL indexes are not available on every engine we support.
  { collection: 'authSessions', index: { key: { expiresAt: 1 }, name: 'expiresAt' } },
  // Signing out everywhere (rare): a student's sign-ins. FerretDB scans; MongoDB uses this.
  { collection: 'authSessions', index: { key: { userId: 1 }, name: 'userId' } },
];

export const authSessionsCollection = (db: Db) => db.collection<AuthSessionDoc>('authSessions');

export async function insertAuthSession(db: Db, session: AuthSessionDoc): Promise<void> {
  await authSessionsCollection(db).insertOne(session);
}

/** The hot read of every request: by `_id` alone. Expired sessions count as absent. */
export async function findLiveAuthSession(db: Db, tokenHash: string, now: Date): Promise<AuthSessionDoc | null> {
  const session = await authSessionsCollection(db).findOne({ _id: tokenHash });
  return session && session.expiresAt > now ? session : null;
}

export async function deleteAuthSession(db: Db, tokenHash: string): Promise<void> {
  await authSessionsCollection(db).deleteOne({ _id: tokenHash });
}

export async function deleteExpiredAuthSessions(db: Db, now: Date): Promise<number> {
  const result = await authSessionsCollection(db).deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}

/** The token hashes of every sign-in of one student (rare work: sign out everywhere, deletion). */
export async function findAuthSessionIdsOfUser(db: Db, userId: ObjectId): Promise<string[]> {
  const sessions = await authSessionsCollection(db)
    .find({ userId }, { projection: { _id: 1 } })
    .toArray();
  return sessions.map((session) => session._id);
}
