import type { ApiDeps } from '../deps';
import { type SearchChangedEvent, topics } from '../events';

/**
 * Tells the student's other tabs and devices that their search started or stopped. A hint:
 * they read `study.current` again, so a lost event costs only the wait for the next read.
 */
export async function announceSearch(
  deps: ApiDeps,
  userId: string,
  search: { sessionId: string; minutes: number } | null,
): Promise<void> {
  const event: SearchChangedEvent = {
    type: 'searchChanged',
    sessionId: search?.sessionId ?? null,
    minutes: search?.minutes ?? null,
  };
  try {
    await deps.bus.publish(topics.user(userId), event);
  } catch (error) {
    deps.logger.error({ err: error, userId, event: event.type }, 'Could not tell the other tabs about a search');
  }
}
