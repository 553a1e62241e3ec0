import {
  findRoomCheckIn,
  latestRoomEventSeq,
  openStreams,
  type RoomDoc,
  type RoomMemberDoc,
  type RoomSubtaskRef,
} from '@studysync/db';
import { roomPhaseAt, type RoomCycle, type RoomPhaseKind } from '@studysync/validators';
import type { ApiDeps } from '../deps';
import { scheduleOf } from './store';

export interface RoomMemberView {
  userId: string;
  username: string;
  goal: string | null;
  subtask: RoomSubtaskRef | null;
  /** "here": a connection is open; "away": none, within the grace period (after it they are gone). */
  presence: 'here' | 'away';
  muted: boolean;
  host: boolean;
  joinedAt: string;
}

export interface RoomPhaseView {
  kind: RoomPhaseKind;
  segment: number;
  block: number;
  startsAt: string;
  endsAt: string;
}

/**
 * A room as a student sees it. The schedule is data: clients compute the phase and time left
 * with `roomPhaseAt(run, now, minuteMs)` (validators), their clock corrected by `serverTime`.
 */
export interface RoomView {
  id: string;
  name: string;
  tag: string | null;
  visibility: 'public' | 'private';
  capacity: number;
  cycle: RoomCycle;
  status: 'open' | 'closed';
  host: { userId: string; username: string };
  occupancy: number;
  members: RoomMemberView[];
  /** The current or last run: epoch ms, the shape `roomPhaseAt` takes (with `cycle`). */
  run: { no: number; startedAt: number; skippedMs: number; endedAt: number | null } | null;
  /** The phase at `serverTime`; null when no run is going. */
  phase: RoomPhaseView | null;
  /** Whether chat is open right now (always, unless a focus block runs and chat waits for breaks). */
  chatOpen: boolean;
  /** How long a "minute" lasts on this server (60 000 but in tests). */
  minuteMs: number;
  serverTime: string;
  /** Newest event in the room's log; pass it as `lastEventId` to stream from here. */
  lastEventId: string;
  me: {
    member: boolean;
    host: boolean;
    muted: boolean;
    /** The last run ended with them in it and they have not checked in yet. */
    canCheckIn: boolean;
  };
  /** The host only: whether an invite link works now. */
  inviteActive: boolean | null;
}

function toMemberView(room: RoomDoc, member: RoomMemberDoc): RoomMemberView {
  return {
    userId: member.userId.toHexString(),
    username: member.username,
    goal: member.goal,
    subtask: member.subtask,
    presence: openStreams(member) > 0 ? 'here' : 'away',
    muted: member.mutedAt !== null,
    host: member.userId.equals(room.hostId),
    joinedAt: member.joinedAt.toISOString(),
  };
}

export function currentPhase(room: RoomDoc, now: Date, minuteMs: number): RoomPhaseView | null {
  const schedule = scheduleOf(room);
  if (!schedule) return null;
  const phase = roomPhaseAt(schedule, now.getTime(), minuteMs);
  return {
    kind: phase.kind,
    segment: phase.segment,
    block: phase.block,
    startsAt: new Date(phase.startsAt).toISOString(),
    endsAt: new Date(phase.endsAt).toISOString(),
  };
}

/** Chat waits for the break when the room says so and a focus block is running. */
export function chatOpenAt(room: RoomDoc, now: Date, minuteMs: number): boolean {
  if (room.cycle.chatDuringFocus) return true;
  return currentPhase(room, now, minuteMs)?.kind !== 'focus';
}

export function toRoomView(
  deps: ApiDeps,
  room: RoomDoc,
  viewerId: string,
  { lastEventSeq, checkedIn }: { lastEventSeq: number; checkedIn: boolean },
): RoomView {
  const now = deps.now();
  const minuteMs = deps.config.study.minuteMs;
  const mine = room.members.find((member) => member.userId.toHexString() === viewerId);
  const host = room.hostId.toHexString() === viewerId;
  const run = room.run;
  return {
    id: room._id.toHexString(),
    name: room.name,
    tag: room.tag,
    visibility: room.visibility,
    capacity: room.capacity,
    cycle: room.cycle,
    status: room.status,
    host: { userId: room.hostId.toHexString(), username: room.hostName },
    occupancy: room.members.length,
    members: room.members.map((member) => toMemberView(room, member)),
    run: run && {
      no: run.no,
      startedAt: run.startedAt.getTime(),
      skippedMs: run.skippedMs,
      endedAt: run.endedAt?.getTime() ?? null,
    },
    phase: currentPhase(room, now, minuteMs),
    chatOpen: chatOpenAt(room, now, minuteMs),
    minuteMs,
    serverTime: now.toISOString(),
    lastEventId: String(lastEventSeq),
    me: {
      member: mine !== undefined,
      host,
      muted: mine?.mutedAt != null,
      canCheckIn: mine !== undefined && canCheckIn(room, viewerId) && !checkedIn,
    },
    inviteActive: host ? room.inviteHash !== null : null,
  };
}

/** A run that ended with the student among its attendees. */
export const canCheckIn = (room: RoomDoc, userId: string) =>
  room.run?.endedAt != null && room.run.attendees.includes(userId);

export const checkInId = (room: RoomDoc, userId: string) => `${room._id.toHexString()}:${room.run?.no ?? 0}:${userId}`;

/** The view, with the room log's newest event number (and the viewer's check-in) read from the database. */
export async function loadRoomView(deps: ApiDeps, room: RoomDoc, viewerId: string): Promise<RoomView> {
  const [lastEventSeq, checkIn] = await Promise.all([
    latestRoomEventSeq(deps.db, room._id),
    canCheckIn(room, viewerId) ? findRoomCheckIn(deps.db, checkInId(room, viewerId)) : null,
  ]);
  return toRoomView(deps, room, viewerId, { lastEventSeq, checkedIn: checkIn !== null });
}
