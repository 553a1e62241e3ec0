import { MongoServerError, ObjectId, type Db } from 'mongodb';
import { isDuplicateKey } from './errors';
import type { IndexDeclaration } from './indexes';

export interface UserDoc {
  _id: ObjectId;
  email: string;
  username: string;
  /** Lower-cased copies carry the unique indexes: uniqueness is case-insensitive. */
  emailLower: string;
  usernameLower: string;
  passwordHash: string;
  timeZone: string;
  createdAt: Date;
  /** Weekly study goal in hours; absent (accounts from before the setting) means the default, 10. */
  weeklyGoalHours?: number;
  /** Kept off every leaderboard; absent means shown. Changed only under the student's stats lock. */
  hideFromLeaderboard?: boolean;
}

export const userIndexes: IndexDeclaration[] = [
  { collection: 'users', index: { key: { emailLower: 1 }, name: 'emailLower_unique', unique: true } },
  { collection: 'users', index: { key: { usernameLower: 1 }, name: 'usernameLower_unique', unique: true } },
];

export const usersCollection = (db: Db) => db.collection<UserDoc>('users');

export type NewUser = Pick<UserDoc, 'email' | 'username' | 'passwordHash' | 'timeZone'>;

export type CreateUserResult = { ok: true; user: UserDoc } | { ok: false; duplicate: 'email' | 'username' };

/** Inserts a user; the unique indexes decide races between two sign-ups for one name. */
export async function insertUser(db: Db, input: NewUser, now: Date): Promise<CreateUserResult> {
  const user: UserDoc = {
    _id: new ObjectId(),
    ...input,
    emailLower: input.email.toLowerCase(),
    usernameLower: input.username.toLowerCase(),
    createdAt: now,
  };
  try {
    await usersCollection(db).insertOne(user);
    return { ok: true, user };
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) {
      const which = duplicateField(error);
      if (which) return { ok: false, duplicate: which };
      // The server did not say which key clashed: ask.
      const clash = await usersCollection(db).findOne({ emailLower: user.emailLower }, { projection: { _id: 1 } });
      return { ok: false, duplicate: clash ? 'email' : 'username' };
    }
    throw error;
  }
}

function duplicateField(error: MongoServerError): 'email' | 'username' | undefined {
  const text = `${JSON.stringify(error.keyPattern ?? {})} ${error.message}`;
  if (text.includes('emailLower')) return 'email';
  if (text.includes('usernameLower')) return 'username';
  return undefined;
}

/** Finds a user by email or username, case-insensitively. */
export function findUserByLogin(db: Db, identifier: string): Promise<UserDoc | null> {
  const lower = identifier.trim().toLowerCase();
  const filter = lower.includes('@') ? { emailLower: lower } : { usernameLower: lower };
  return usersCollection(db).findOne(filter);
}

export function findUserById(db: Db, id: ObjectId): Promise<UserDoc | null> {
  return usersCollection(db).findOne({ _id: id });
}

export async function updateUserSettings(
  db: Db,
  id: ObjectId,
  settings: Partial<Pick<UserDoc, 'timeZone' | 'weeklyGoalHours' | 'hideFromLeaderboard'>>,
): Promise<UserDoc | null> {
  // `$set` must not be empty: nothing to change is just a read.
  if (Object.keys(settings).length === 0) return findUserById(db, id);
  return usersCollection(db).findOneAndUpdate({ _id: id }, { $set: settings }, { returnDocument: 'after' });
}

export type LoginChange = { email: string } | { username: string };

export type LoginChangeResult = { ok: true; user: UserDoc } | { ok: false; duplicate: 'email' | 'username' | null };

/** Changes the email or the username; the unique indexes decide a race for one name. */
export async function updateUserLogin(db: Db, id: ObjectId, change: LoginChange): Promise<LoginChangeResult> {
  const fields =
    'email' in change
      ? { email: change.email, emailLower: change.email.toLowerCase() }
      : { username: change.username, usernameLower: change.username.toLowerCase() };
  try {
    await usersCollection(db).updateOne({ _id: id }, { $set: fields });
    const user = await findUserById(db, id);
    return user ? { ok: true, user } : { ok: false, duplicate: null };
  } catch (error) {
    // Only one name changes, so a clash is about that one.
    if (isUniqueClash(error)) return { ok: false, duplicate: 'email' in change ? 'email' : 'username' };
    throw error;
  }
}

/**
 * A unique index refused an update. MongoDB says E11000; FerretDB 1.24 on SQLite reports an
 * update's clash as SQLite's own error, without that code.
 */
function isUniqueClash(error: unknown): boolean {
  return (
    isDuplicateKey(error) || (error instanceof MongoServerError && error.message.includes('UNIQUE constraint failed'))
  );
}

export async function updateUserPassword(db: Db, id: ObjectId, passwordHash: string): Promise<boolean> {
  const result = await usersCollection(db).updateOne({ _id: id }, { $set: { passwordHash } });
  return result.matchedCount === 1;
}

export async function deleteUser(db: Db, id: ObjectId): Promise<boolean> {
  const result = await usersCollection(db).deleteOne({ _id: id });
  return result.deletedCount === 1;
}
