import { saveProgress, updateUserSettings, withStatsLock, type BoardDoc, type UserDoc } from '@studysync/db';
import type { UpdateSettingsInput } from '@studysync/validators';
import { forgetSignedInUser } from '../auth';
import type { ApiDeps } from '../deps';
import { publishBoards, recordVisibility, settleMoves } from './leaderboard';
import { loadProgressForUpdate } from './store';

/**
 * Saves a student's settings. Showing or hiding them on leaderboards also moves them on (or
 * off) the current boards, under their stats lock, so a session ending at the same moment
 * sees either the old setting and boards or the new ones, never half of each.
 */
export async function saveSettings(deps: ApiDeps, user: UserDoc, input: UpdateSettingsInput): Promise<UserDoc | null> {
  try {
    return await save(deps, user, input);
  } finally {
    // Requests carry a copy of the student's document: the next one reads it again.
    await forgetSignedInUser(deps, user._id.toHexString());
  }
}

async function save(deps: ApiDeps, user: UserDoc, input: UpdateSettingsInput): Promise<UserDoc | null> {
  const { showOnLeaderboard, ...rest } = input;
  const fields: Parameters<typeof updateUserSettings>[2] = { ...rest };
  if (showOnLeaderboard === undefined) return updateUserSettings(deps.db, user._id, fields);

  const changed: BoardDoc[] = [];
  const updated = await withStatsLock(deps.db, user._id.toHexString(), async (lock) => {
    const saved = await updateUserSettings(deps.db, user._id, { ...fields, hideFromLeaderboard: !showOnLeaderboard });
    if (!saved) return null;
    const doc = await loadProgressForUpdate(deps, user._id, user.username);
    await settleMoves(deps, doc, changed);
    doc.hidden = !showOnLeaderboard;
    recordVisibility(doc, deps.now());
    await saveProgress(lock, doc);
    if (await settleMoves(deps, doc, changed)) await saveProgress(lock, doc);
    return saved;
  });
  await publishBoards(deps, changed);
  return updated;
}
