import { listOpenRooms, ObjectId } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { tickRoom } from './cycle';

/**
 * The rooms sweep: every open room with something due by now (a phase to announce, blocks to
 * credit, an empty room to close), whoever's timer was meant to do it (a restart, another server).
 * Reads the small set of open rooms; closed rooms leave it.
 */
export async function sweepRooms(deps: ApiDeps): Promise<void> {
  const now = deps.now();
  for (const open of await listOpenRooms(deps.db)) {
    if (!open.dueAt || open.dueAt > now) continue;
    try {
      await tickRoom(deps, new ObjectId(open._id));
    } catch (error) {
      // One room's failure must not hold up the others; the next sweep retries it.
      deps.logger.error({ err: error, roomId: open._id }, 'Room sweep failed for a room; retried next sweep');
    }
  }
}
