import pLimit from 'p-limit';
import {
  findBlockList,
  findUserById,
  MAX_BLOCKED,
  ObjectId,
  saveBlockList,
  withBlocksLock,
  type BlockListDoc,
  type UserDoc,
} from '@studysync/db';
import { FORMER_STUDENT } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { DomainError, fieldError } from '../errors';
import { topics } from '../events';

export interface BlockedStudentView {
  userId: string;
  username: string;
  blockedAt: string;
}

const emptyList = (userId: string, now: Date): BlockListDoc => ({ _id: userId, blocked: [], updatedAt: now });

/** Tells the blocker's open streams and tabs (study/hidden-authors follow it). */
async function announce(deps: ApiDeps, blockerId: string, userId: string, blocked: boolean): Promise<void> {
  await deps.bus.publish(topics.user(blockerId), { type: 'blocksChanged', userId, blocked });
}

/** Blocks `userId` for `blocker`; blocking someone already blocked changes nothing. */
export async function blockStudent(deps: ApiDeps, blocker: UserDoc, userId: string): Promise<void> {
  const blockerId = blocker._id.toHexString();
  if (userId === blockerId) throw fieldError('BAD_REQUEST', 'userId', 'You cannot block yourself');
  if (!(await findUserById(deps.db, new ObjectId(userId)))) {
    throw fieldError('NOT_FOUND', 'userId', 'Student not found');
  }
  const added = await withBlocksLock(deps.db, blockerId, async (lock) => {
    const now = deps.now();
    const list = (await findBlockList(deps.db, blockerId)) ?? emptyList(blockerId, now);
    if (list.blocked.some((entry) => entry.userId === userId)) return false;
    if (list.blocked.length >= MAX_BLOCKED) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `You can block at most ${MAX_BLOCKED} students: unblock someone first`,
      );
    }
    await saveBlockList(lock, { _id: blockerId, blocked: [...list.blocked, { userId, at: now }], updatedAt: now });
    return true;
  });
  if (added) deps.logger.info({ userId: blockerId, blocked: userId }, 'Student blocked another');
  // Announced even when already blocked: a tab that missed the first one catches up.
  await announce(deps, blockerId, userId, true);
}

/** Unblocks `userId`; unblocking someone not blocked changes nothing. */
export async function unblockStudent(deps: ApiDeps, blocker: UserDoc, userId: string): Promise<void> {
  const blockerId = blocker._id.toHexString();
  await withBlocksLock(deps.db, blockerId, async (lock) => {
    const list = await findBlockList(deps.db, blockerId);
    if (!list?.blocked.some((entry) => entry.userId === userId)) return;
    const now = deps.now();
    await saveBlockList(lock, {
      _id: blockerId,
      blocked: list.blocked.filter((entry) => entry.userId !== userId),
      updatedAt: now,
    });
  });
  await announce(deps, blockerId, userId, false);
}

/** Whom the student blocked, newest first, with their names as they are now. */
export async function listBlocked(deps: ApiDeps, blockerId: string): Promise<BlockedStudentView[]> {
  const list = await findBlockList(deps.db, blockerId);
  if (!list) return [];
  // By `_id`, a few at a time: a filter on anything else would read every student (FerretDB).
  const limit = pLimit(8);
  const views = await Promise.all(
    list.blocked.map((entry) =>
      limit(async () => ({
        userId: entry.userId,
        username: (await findUserById(deps.db, new ObjectId(entry.userId)))?.username ?? FORMER_STUDENT,
        blockedAt: entry.at.toISOString(),
      })),
    ),
  );
  return views.reverse();
}
