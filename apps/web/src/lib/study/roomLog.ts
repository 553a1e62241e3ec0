/**
 * The study room's log on the client: chat messages and what happened, merged from three
 * sources that overlap — `study.history` pages, the live `study.events` stream, and its
 * backfill after a reconnect (which repeats whatever arrived live in the meantime). Events are
 * keyed by their id (the room's sequence number), so merging is idempotent and ordering is by
 * number, not by arrival.
 */
import type { PersistedRoomEvent, RoomEvent } from '@studysync/api';

/** The number of a persisted room event (its id is that number as a string). */
export function eventSeq(event: Pick<PersistedRoomEvent, 'id'>): number {
  return Number(event.id);
}

export function isPersistedRoomEvent(event: RoomEvent): event is PersistedRoomEvent {
  return 'id' in event;
}

/**
 * `log` plus whichever of `incoming` it lacks, ordered by number. Known ids keep the copy
 * already in the log. Returns `log` itself when nothing is new, so callers can skip updates.
 */
export function mergeRoomEvents(
  log: readonly PersistedRoomEvent[],
  incoming: readonly PersistedRoomEvent[],
): readonly PersistedRoomEvent[] {
  if (incoming.length === 0) return log;
  const known = new Set(log.map((event) => event.id));
  const added: PersistedRoomEvent[] = [];
  for (const event of incoming) {
    if (known.has(event.id)) continue;
    known.add(event.id);
    added.push(event);
  }
  if (added.length === 0) return log;
  const newest = log.length > 0 ? eventSeq(log[log.length - 1] as PersistedRoomEvent) : -Infinity;
  // The usual case, one live event after everything else: no sort needed.
  if (added.length === 1 && eventSeq(added[0] as PersistedRoomEvent) > newest) return [...log, ...added];
  return [...log, ...added].sort((a, b) => eventSeq(a) - eventSeq(b));
}

/** Id of the newest event in the log, or null when it is empty. */
export function newestEventId(log: readonly PersistedRoomEvent[]): string | null {
  return log.length > 0 ? (log[log.length - 1] as PersistedRoomEvent).id : null;
}

/** What a non-message event says, from the point of view of the student `meId`. */
export function describeRoomEvent(event: PersistedRoomEvent, meId: string): string {
  const who = (userId: string, username: string): string => (userId === meId ? 'You' : username);
  switch (event.type) {
    case 'message':
      return `${who(event.authorId, event.authorName)}: ${event.text}`;
    case 'partnerJoined':
      return event.userId === meId ? 'You joined the session' : `${event.username} joined. The timer has started.`;
    case 'fiveMinutesLeft':
      return '5 minutes left';
    case 'completed':
      return 'Session complete. Well done!';
    case 'endedEarly':
      return `${who(event.userId, event.username)} ended the session early`;
    case 'disconnected':
      return `${who(event.userId, event.username)} lost connection`;
    case 'partnerMissing':
      return event.userId === meId ? 'You did not arrive in time' : `${event.username} didn't arrive`;
    case 'reconnected':
      return `${who(event.userId, event.username)} ${event.userId === meId ? 'are' : 'is'} back`;
    // Group rooms (rooms.events).
    case 'memberJoined':
      return `${who(event.userId, event.username)} joined`;
    case 'memberLeft':
      return `${who(event.userId, event.username)} ${event.reason === 'gone' ? 'lost connection and left' : 'left'}`;
    case 'memberRemoved':
      return `${who(event.userId, event.username)} ${event.userId === meId ? 'were' : 'was'} removed by the host`;
    case 'memberMuted':
      return `${who(event.userId, event.username)} ${event.userId === meId ? 'were' : 'was'} ${event.muted ? 'muted' : 'unmuted'} by the host`;
    case 'hostChanged':
      return `${who(event.userId, event.username)} ${event.userId === meId ? 'are' : 'is'} the host now`;
    case 'goalSet':
      return `${who(event.userId, event.username)} set a goal${event.goal ? `: ${event.goal}` : ''}`;
    case 'runStarted':
      return 'The host started the cycle: focus block 1';
    case 'phaseChanged':
      return event.kind === 'focus'
        ? `Focus block ${event.block} started`
        : `${event.kind === 'longBreak' ? 'Long break' : 'Break'} after focus block ${event.block}`;
    case 'breakSkipped':
      return 'The host skipped the break';
    case 'runEnded':
      return 'The host ended the cycle';
    case 'roomClosed':
      return 'This room closed';
  }
}
