/**
 * What the web app reads from the `rooms` router, named once (inferred from `AppRouter`), so
 * lib/rooms and components/rooms say `RoomView` rather than a procedure path.
 */
import type { PersistedRoomEvent, RoomEvent } from '@studysync/api';
import type { RoomRun } from '@studysync/validators';
import type { QueryOutput, SubscriptionData } from '../query';

export type RoomView = QueryOutput<'rooms.get'>;
export type RoomMemberView = RoomView['members'][number];
export type RoomPresence = RoomMemberView['presence'];
export type RoomSubtaskRef = NonNullable<RoomMemberView['subtask']>;
export type RoomDirectoryEntry = QueryOutput<'rooms.directory'>[number];
export type RoomDirectorySnapshot = SubscriptionData<'rooms.directoryLive'>;
export type RoomStreamItem = SubscriptionData<'rooms.events'>['data'];

/** A stored event of a room's log (the partner sessions' log carries the same kinds). */
export type RoomLogEvent = PersistedRoomEvent;
export type RoomLiveEvent = RoomEvent;

export const isLogEvent = (event: RoomLiveEvent): event is RoomLogEvent => 'id' in event;

/** The schedule of the room's run while it goes (the shape `roomPhaseAt` takes), else null. */
export function runningSchedule(room: Pick<RoomView, 'run' | 'cycle'>): RoomRun | null {
  const run = room.run;
  if (!run || run.endedAt !== null) return null;
  return { startedAt: run.startedAt, skippedMs: run.skippedMs, cycle: room.cycle };
}
