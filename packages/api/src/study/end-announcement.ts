import { latestRoomEventSeq, readRoomEventsBefore, type StudySessionDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { topics } from '../events';
import { recordRoomEvent, toRoomEventView } from './room-log';

const PAGE = 5;

/**
 * Stores the room event that tells the students their session ended ("completed" or
 * "endedEarly"), exactly once, and publishes it. Called under the room's lock by whoever ends
 * the session and again by the sweep after a crash: the log itself says whether it is there
 * (events since the end are few: check-ins, presence), so a retry republishes the stored one
 * (clients drop duplicates by id) instead of writing a second.
 */
export async function announceEnd(deps: ApiDeps, session: StudySessionDoc): Promise<void> {
  if (session.status !== 'completed' && session.status !== 'endedEarly') return;
  const endedAt = session.endedAt ?? new Date(0);
  let before = (await latestRoomEventSeq(deps.db, session._id)) + 1;
  while (before > 1) {
    const page = await readRoomEventsBefore(deps.db, session._id, before, PAGE);
    const found = page.find((event) => event.type === session.status);
    if (found) {
      await deps.bus.publish(topics.room(session._id.toHexString()), toRoomEventView(found));
      return;
    }
    // Older than the end: the announcement was never stored.
    if (page.length === 0 || (page[0] && page[0].at < endedAt)) break;
    before -= PAGE;
  }
  if (session.status === 'completed') {
    await recordRoomEvent(deps, session._id, { type: 'completed' });
    return;
  }
  const by = session.seats.find((seat) => session.endedBy && seat.userId.equals(session.endedBy));
  await recordRoomEvent(deps, session._id, {
    type: 'endedEarly',
    userId: by?.userId ?? session.seats[0]?.userId ?? session._id,
    username: by?.username ?? '',
  });
}
