import {
  findLiveRoomIds,
  findLiveSessionIds,
  findSilentInstances,
  forEachDuePresenceCheck,
  removeInstance,
} from '@studysync/db';
import { checkRoomPresence, dropRoomInstanceStreams } from '../rooms';
import { checkPresence, dropInstanceStreams } from '../study';
import type { Job } from './runner';

/**
 * Presence that no live server will settle: streams held by a server that went silent (a
 * crash), and grace periods whose timer was lost with its server.
 */
export const presenceSweepJob: Job = {
  name: 'presence-sweep',
  intervalMs: (deps) => deps.config.sweepIntervalMs,
  async run(deps) {
    const silentSince = new Date(Date.now() - deps.config.instanceTimeoutMs);
    for (const instance of await findSilentInstances(deps.db, silentSince)) {
      // This server is alive, whatever its last heartbeat says.
      if (instance._id === deps.instance.id) continue;
      deps.logger.warn(
        { instanceId: instance._id, seenAt: instance.seenAt },
        'A server went silent; dropping its streams',
      );
      for (const roomId of await findLiveSessionIds(deps.db)) {
        await dropInstanceStreams(deps, roomId, { id: instance._id, seenAt: instance.seenAt });
      }
      for (const roomId of await findLiveRoomIds(deps.db)) {
        await dropRoomInstanceStreams(deps, roomId, { id: instance._id, seenAt: instance.seenAt });
      }
      // Last, so a sweep cut short is redone by the next one.
      await removeInstance(deps.db, instance._id);
    }
    await forEachDuePresenceCheck(deps.db, deps.now(), async (check) => {
      if (check.kind === 'room') await checkRoomPresence(deps, check.sessionId, check.userId);
      else await checkPresence(deps, check.sessionId, check.userId);
    });
  },
};
