import { readLobbyCounts } from '@studysync/db';
import { SESSION_LENGTHS } from '@studysync/validators';
import type { ApiDeps } from '../deps';

export interface LobbyCounts {
  /** Students in a running session right now. */
  studying: number;
  /** Students waiting for a partner, per length. */
  waiting: { minutes: number; students: number }[];
}

/** Every waiting page polls this: one read per server per moment is plenty. */
const CACHE_MS = 2_000;

const cached = new WeakMap<ApiDeps, { at: number; counts: Promise<LobbyCounts> }>();

async function readCounts(deps: ApiDeps): Promise<LobbyCounts> {
  const { live, waiting } = await readLobbyCounts(deps.db, SESSION_LENGTHS);
  const waitingTotal = waiting.reduce((sum, length) => sum + length.students, 0);
  return { studying: Math.max(0, live - waitingTotal), waiting };
}

/** The counts, at most `CACHE_MS` old (real time: this is about load, not study time). */
export function lobbyCounts(deps: ApiDeps): Promise<LobbyCounts> {
  const hit = cached.get(deps);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.counts;
  const counts = readCounts(deps);
  cached.set(deps, { at: Date.now(), counts });
  // A failed read is not kept: the next caller tries again.
  counts.catch(() => cached.delete(deps));
  return counts;
}
