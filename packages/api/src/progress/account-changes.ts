import { deleteProgressAndStats, saveProgress, withStatsLock, type BoardDoc, type ObjectId } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { BOARD_SLOTS, publishBoards, recordVisibility, settleMoves } from './leaderboard';
import { periodOf } from './calendar';
import { loadProgressForUpdate } from './store';

/**
 * A new username reaches the boards the student is on: each current entry is moved onto the
 * same figure again under the new name (a move sets state, so a re-run changes nothing).
 */
export async function renameOnBoards(deps: ApiDeps, userId: ObjectId, username: string): Promise<void> {
  const changed: BoardDoc[] = [];
  await withStatsLock(deps.db, userId.toHexString(), async (lock) => {
    const doc = await loadProgressForUpdate(deps, userId, username);
    await settleMoves(deps, doc, changed);
    doc.username = username;
    for (const slot of BOARD_SLOTS) {
      const entry = doc.boards[slot];
      if (!entry || entry.counted === null || entry.periodId !== periodOf(slot, deps.now()).id) continue;
      doc.boards[slot] = { ...entry, moving: { from: entry.counted, to: entry.counted } };
    }
    await saveProgress(lock, doc);
    await settleMoves(deps, doc, changed);
    await saveProgress(lock, doc);
  });
  await publishBoards(deps, changed);
}

/**
 * A deleted student leaves every board (as hiding does), then their progress and counters go.
 * Their minutes stay in their partners' figures, which are their partners' own documents.
 */
export async function forgetProgress(deps: ApiDeps, userId: ObjectId, username: string): Promise<void> {
  const changed: BoardDoc[] = [];
  const id = userId.toHexString();
  await withStatsLock(deps.db, id, async (lock) => {
    const doc = await loadProgressForUpdate(deps, userId, username);
    await settleMoves(deps, doc, changed);
    doc.hidden = true;
    recordVisibility(doc, deps.now());
    // Recorded before it is made, so a crash here is finished by a re-run of the deletion.
    await saveProgress(lock, doc);
    await settleMoves(deps, doc, changed);
    await deleteProgressAndStats(lock);
  });
  await publishBoards(deps, changed);
}
