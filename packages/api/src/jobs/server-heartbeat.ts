import { randomUUID } from 'node:crypto';
import { recordInstanceAlive, registerInstance } from '@studysync/db';
import type { Job } from './runner';

/**
 * Tells the other servers this one is alive, three times per timeout. Liveness is measured on
 * the real clock: tests move the injected one (`deps.now`) by days.
 */
export const serverHeartbeatJob: Job = {
  name: 'server-heartbeat',
  intervalMs: (deps) => Math.max(50, Math.floor(deps.config.instanceTimeoutMs / 3)),
  async run(deps) {
    if (await recordInstanceAlive(deps.db, deps.instance.id, new Date())) return;
    // Another server found this one silent and dropped its streams. Streams still open here
    // would close against the new count: carry on under a new id, and have clients reconnect.
    const previous = deps.instance.id;
    deps.instance.id = randomUUID();
    await registerInstance(deps.db, deps.instance.id, new Date());
    deps.logger.warn({ previous, instanceId: deps.instance.id }, 'Presumed dead by another server; clients reconnect');
    deps.onInstancePresumedDead?.();
  },
};
