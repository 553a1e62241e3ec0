import { forEachDueOpenRoom, ObjectId, retryOpenRoomAt } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { tickRoom } from './cycle';

/**
 * The rooms sweep: every open room with something due by now (a phase to announce, blocks to
 * credit, an empty room to close), whoever's timer was meant to do it (a restart, another server).
 * Reads only the rooms due, by `_id`, through the buckets of their moments.
 */
export function sweepRooms(deps: ApiDeps): Promise<void> {
  const now = deps.now();
  return forEachDueOpenRoom(deps.db, now, async (open) => {
    try {
      await tickRoom(deps, new ObjectId(open._id));
    } catch (error) {
      // One room's failure must not hold up the others: it is noted as due again, for the next sweep.
      deps.logger.error({ err: error, roomId: open._id }, 'Room sweep failed for a room; retried next sweep');
      await retryOpenRoomAt(deps.db, open._id, now);
    }
  });
}
