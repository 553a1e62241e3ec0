import { appendRoomEvent, type NewRoomEvent, type ObjectId, type RoomEventDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { type PersistedRoomEvent, topics } from '../events';

export function toRoomEventView(event: RoomEventDoc): PersistedRoomEvent {
  const base = { id: String(event.seq), at: event.at.toISOString() };
  switch (event.type) {
    case 'message':
      return {
        ...base,
        type: 'message',
        authorId: event.authorId.toHexString(),
        authorName: event.authorName,
        text: event.text,
      };
    case 'fiveMinutesLeft':
      return { ...base, type: 'fiveMinutesLeft', endsAt: event.endsAt.toISOString() };
    case 'completed':
      return { ...base, type: 'completed' };
    case 'memberLeft':
      return {
        ...base,
        type: event.type,
        userId: event.userId.toHexString(),
        username: event.username,
        reason: event.reason,
      };
    case 'memberMuted':
      return {
        ...base,
        type: event.type,
        userId: event.userId.toHexString(),
        username: event.username,
        muted: event.muted,
      };
    case 'goalSet':
      return {
        ...base,
        type: event.type,
        userId: event.userId.toHexString(),
        username: event.username,
        goal: event.goal,
      };
    case 'runStarted':
      return { ...base, type: event.type, run: event.run, startedAt: event.startedAt.toISOString() };
    case 'phaseChanged':
      return {
        ...base,
        type: event.type,
        run: event.run,
        segment: event.segment,
        kind: event.kind,
        block: event.block,
        endsAt: event.endsAt.toISOString(),
      };
    case 'breakSkipped':
      return { ...base, type: event.type, run: event.run, skippedMs: event.skippedMs };
    case 'runEnded':
      return { ...base, type: event.type, run: event.run };
    case 'roomClosed':
      return { ...base, type: event.type };
    default:
      return { ...base, type: event.type, userId: event.userId.toHexString(), username: event.username };
  }
}

/**
 * Appends an event to the room's log (which numbers it), then tells everyone listening.
 * Stored first, so a reconnecting client's backfill finds what live listeners saw.
 */
export async function recordRoomEvent(
  deps: ApiDeps,
  roomId: ObjectId,
  event: NewRoomEvent,
): Promise<PersistedRoomEvent> {
  const { event: stored, hintRaised } = await appendRoomEvent(deps.db, roomId, event, deps.now());
  // The persisted head is raised behind the append (readers walk forward from it meanwhile).
  deps.pending.track(hintRaised).catch((error: unknown) => {
    deps.logger.warn({ err: error, roomId: roomId.toHexString() }, 'Could not raise the room log hint');
  });
  const view = toRoomEventView(stored);
  await deps.bus.publish(topics.room(roomId.toHexString()), view);
  return view;
}
