import { findRoom, listOpenRooms, ObjectId, type RoomDoc } from '@studysync/db';
import type { ApiDeps } from '../deps';
import { topics, type RoomDirectoryEntryView, type RoomDirectoryEvent } from '../events';
import { scheduleOf } from './store';
import { currentPhase } from './view';

function toEntry(deps: ApiDeps, room: RoomDoc): RoomDirectoryEntryView {
  const schedule = scheduleOf(room);
  const phase = currentPhase(room, deps.now(), deps.config.study.minuteMs);
  const { focusMinutes, breakMinutes, cyclesBeforeLongBreak, longBreakMinutes } = room.cycle;
  return {
    id: room._id.toHexString(),
    name: room.name,
    tag: room.tag,
    capacity: room.capacity,
    occupancy: room.members.length,
    hostName: room.hostName,
    run: schedule && { startedAt: schedule.startedAt, skippedMs: schedule.skippedMs },
    cycle: { focusMinutes, breakMinutes, cyclesBeforeLongBreak, longBreakMinutes },
    phase: phase && { kind: phase.kind, block: phase.block, endsAt: phase.endsAt },
    minuteMs: deps.config.study.minuteMs,
  };
}

/**
 * The public open rooms, most occupied first (then newest). Reads the small set of open rooms
 * (closed ones leave it), then each public one by `_id`.
 */
export async function readDirectory(deps: ApiDeps): Promise<RoomDirectoryEvent> {
  const open = (await listOpenRooms(deps.db)).filter((each) => each.visibility === 'public');
  const rooms = await Promise.all(open.map((each) => findRoom(deps.db, new ObjectId(each._id))));
  const entries = rooms
    .filter((room): room is RoomDoc => room?.status === 'open' && room.visibility === 'public')
    .sort((a, b) => b.members.length - a.members.length || b.createdAt.getTime() - a.createdAt.getTime())
    .map((room) => toEntry(deps, room));
  return { type: 'roomDirectory', rooms: entries, serverTime: deps.now().toISOString() };
}

/** Per process: a snapshot being built, and whether another was asked for meanwhile. */
const publishing = new WeakMap<ApiDeps, { again: boolean }>();

/**
 * Publishes a fresh directory snapshot to every `directoryLive` stream. Changes arriving while
 * one is built are folded into one more (50 joins make a couple of snapshots, not 50).
 */
export function publishDirectory(deps: ApiDeps): void {
  const running = publishing.get(deps);
  if (running) {
    running.again = true;
    return;
  }
  const state = { again: false };
  publishing.set(deps, state);
  const run = async () => {
    try {
      do {
        state.again = false;
        await deps.bus.publish(topics.roomDirectory, await readDirectory(deps));
      } while (state.again);
    } finally {
      publishing.delete(deps);
    }
  };
  deps.pending
    .track(run())
    .catch((error: unknown) => deps.logger.error({ err: error }, 'Could not publish the room directory'));
}
