import { blockedIdsOf } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { topics, type RoomEvent } from '../events';

/** Whose words a viewer does not see: the students they blocked. */
export interface HiddenAuthors {
  has(userId: string): boolean;
}

/** The students `viewerId` blocked, read once (one read by `_id`): for a page of history. */
export function hiddenAuthors(deps: ApiDeps, viewerId: string): Promise<ReadonlySet<string>> {
  return blockedIdsOf(deps.db, viewerId);
}

/** Whether a room event is hidden from the viewer: a message (or typing hint) by someone they blocked. */
export function hidesEvent(hidden: HiddenAuthors, event: RoomEvent): boolean {
  if (event.type === 'message') return hidden.has(event.authorId);
  return event.type === 'typing' && hidden.has(event.userId);
}

/** The viewer's hidden authors for the life of one stream; `close` when the stream ends. */
export interface FollowedHiddenAuthors extends HiddenAuthors {
  close(): void;
}

/**
 * `hiddenAuthors`, kept current for one open stream: read once when it opens, then changed by
 * the `blocksChanged` events on the viewer's own topic, so an open chat hides a student the
 * moment they are blocked (the sender's path reads nothing: filtering is the receiver's).
 * The event is applied at once and the list read again behind it (events are only hints).
 */
export async function followHiddenAuthors(deps: ApiDeps, viewerId: string): Promise<FollowedHiddenAuthors> {
  let ids = new Set<string>();
  let reads = 0;
  const refresh = async (): Promise<void> => {
    const read = (reads += 1);
    const next = await blockedIdsOf(deps.db, viewerId);
    // A newer read (started after a newer change) wins over an older one finishing late.
    if (read === reads) ids = next;
  };
  const subscription = deps.bus.subscribe(topics.user(viewerId), (event) => {
    if (event.type !== 'blocksChanged') return;
    if (event.blocked) ids.add(event.userId);
    else ids.delete(event.userId);
    refresh().catch((error: unknown) => {
      deps.logger.warn({ err: error, userId: viewerId }, 'Could not re-read the blocked students');
    });
  });
  try {
    // Listening before reading, so a block made during the read is not missed.
    await subscription.ready;
    await refresh();
  } catch (error) {
    subscription.unsubscribe();
    throw error;
  }
  return { has: (userId) => ids.has(userId), close: () => subscription.unsubscribe() };
}
