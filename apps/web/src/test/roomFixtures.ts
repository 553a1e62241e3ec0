/**
 * A small stateful stand-in for the rooms API, for page tests: `rooms.*` handlers over one room
 * and its log, plus helpers that change it the way the server would and push the matching
 * stream items (`{ id, data }`, tracked like the server's).
 */
import { ROOM_CYCLE_PRESETS } from '@studysync/validators';
import type { RoomDirectoryEntry, RoomLiveEvent, RoomLogEvent, RoomMemberView, RoomView } from '../lib/rooms/types';
import { FakeServerError, testUser, type FakeApi, type FakeHandlers } from './fakeApi';

export const ROOM_ID = '65f0c0ffee0000000000cc01';
export const HOST = { userId: '65f0c0ffee0000000000bb01', username: 'grace_h' } as const;
export const OTHER = { userId: '65f0c0ffee0000000000bb02', username: 'alan_t' } as const;
export const INVITE = 'abcdefghijklmnop1234';
export const MINUTE = 60_000;

type Distribute<T> = T extends unknown ? Omit<T, 'id' | 'at'> : never;
export type NewRoomLogEvent = Distribute<RoomLogEvent>;

export function member(overrides: Partial<RoomMemberView> = {}): RoomMemberView {
  return {
    userId: testUser.id,
    username: testUser.username,
    goal: null,
    subtask: null,
    presence: 'here',
    host: false,
    muted: false,
    joinedAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A run that started at `startedAt` (epoch ms) and still goes. */
export const runFrom = (startedAt: number): NonNullable<RoomView['run']> => ({
  no: 1,
  startedAt,
  skippedMs: 0,
  endedAt: null,
});

export interface RoomServerOptions {
  /** The student opening the page is the host (else HOST is, and they are a member or a visitor). */
  host?: boolean;
  joined?: boolean;
  /** Started this long ago (ms), or not started. */
  runStartedAgoMs?: number | null;
  chatDuringFocus?: boolean;
  visibility?: 'public' | 'private';
  /** Server clock minus the local clock (ms). */
  clockOffsetMs?: number;
  events?: NewRoomLogEvent[];
}

export interface FakeRoomServer {
  handlers: FakeHandlers;
  room: () => RoomView;
  events: () => RoomLogEvent[];
  serverNow: () => number;
  update: (change: Partial<RoomView>) => void;
  record: (event: NewRoomLogEvent) => RoomLogEvent;
}

export function createRoomServer(options: RoomServerOptions = {}): FakeRoomServer {
  const offset = options.clockOffsetMs ?? 0;
  const serverNow = (): number => Date.now() + offset;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const amHost = options.host ?? false;
  const joined = amHost || (options.joined ?? true);
  const me = member({ host: amHost });
  const host = amHost ? null : member({ ...HOST, host: true, goal: 'Thesis chapter 2' });
  const members = [...(host ? [host] : []), ...(joined ? [me] : []), member({ ...OTHER, goal: 'Problem set 3' })];
  let room: RoomView = {
    id: ROOM_ID,
    name: 'Calculus crew',
    tag: 'MATH 201',
    visibility: options.visibility ?? 'public',
    capacity: 12,
    cycle: { ...ROOM_CYCLE_PRESETS.classic, chatDuringFocus: options.chatDuringFocus ?? false },
    status: 'open',
    host: amHost ? { userId: testUser.id, username: testUser.username } : { ...HOST },
    occupancy: members.length,
    members,
    run: options.runStartedAgoMs == null ? null : runFrom(serverNow() - options.runStartedAgoMs),
    phase: null,
    chatOpen: true,
    minuteMs: MINUTE,
    serverTime: iso(serverNow()),
    lastEventId: '0',
    me: { member: joined, host: amHost, muted: false, canCheckIn: false },
    inviteActive: amHost ? options.visibility === 'private' : null,
  };
  const log: RoomLogEvent[] = [];
  const record = (event: NewRoomLogEvent): RoomLogEvent => {
    const stored = { ...event, id: String(log.length + 1), at: iso(serverNow()) } as RoomLogEvent;
    log.push(stored);
    room = { ...room, lastEventId: stored.id };
    return stored;
  };
  for (const event of options.events ?? []) record(event);
  const view = (): RoomView => ({ ...room, occupancy: room.members.length, serverTime: iso(serverNow()) });
  const hostOnly = (change: () => void): RoomView => {
    if (!room.me.host) throw new FakeServerError('FORBIDDEN', 'Only the host can do that');
    change();
    return view();
  };
  const setMembers = (next: RoomMemberView[]): void => {
    room = { ...room, members: next };
  };

  const handlers: Record<string, (input: never) => unknown> = {
    'rooms.get': (input: { roomId: string; code?: string }) => {
      if (input.roomId !== ROOM_ID) throw new FakeServerError('NOT_FOUND', 'Room not found');
      if (room.visibility === 'private' && !room.me.member && input.code !== INVITE)
        throw new FakeServerError('NOT_FOUND', 'Room not found');
      return view();
    },
    'rooms.current': () => (room.me.member ? view() : null),
    'rooms.join': (input: { goal?: string }) => {
      room = {
        ...room,
        me: { ...room.me, member: true },
        members: [...room.members, member({ goal: input.goal ?? null })],
      };
      return view();
    },
    'rooms.leave': () => {
      room = { ...room, me: { ...room.me, member: false } };
      setMembers(room.members.filter((m) => m.userId !== testUser.id));
      return { ok: true };
    },
    'rooms.history': () => ({ events: [...log], nextBefore: null }),
    'rooms.sendMessage': (input: { text: string }) =>
      record({ type: 'message', authorId: testUser.id, authorName: testUser.username, text: input.text }),
    'rooms.typing': () => ({ ok: true }),
    'rooms.startRun': () => hostOnly(() => (room = { ...room, run: runFrom(serverNow()) })),
    'rooms.mute': (input: { userId: string }) =>
      hostOnly(() => setMembers(room.members.map((m) => (m.userId === input.userId ? { ...m, muted: true } : m)))),
    'rooms.remove': (input: { userId: string }) =>
      hostOnly(() => setMembers(room.members.filter((m) => m.userId !== input.userId))),
    'rooms.rotateInvite': () => {
      hostOnly(() => (room = { ...room, inviteActive: true }));
      return { inviteCode: INVITE };
    },
    'planner.list': () => [],
    'safety.blocked': () => [],
  };

  return {
    handlers: handlers as FakeHandlers,
    room: view,
    events: () => [...log],
    serverNow,
    update: (change) => {
      room = { ...room, ...change };
    },
    record,
  };
}

/** Pushes one item on the room's stream. */
export function emitRoomEvent(app: Pick<FakeApi, 'sockets'>, data: RoomLiveEvent | { type: 'state'; room: RoomView }) {
  app.sockets.emit('rooms.events', { id: 'id' in data ? data.id : '0', data });
}

export function directoryEntry(overrides: Partial<RoomDirectoryEntry> = {}): RoomDirectoryEntry {
  return {
    id: ROOM_ID,
    name: 'Calculus crew',
    tag: 'MATH 201',
    occupancy: 3,
    capacity: 12,
    hostName: HOST.username,
    run: null,
    cycle: { ...ROOM_CYCLE_PRESETS.classic },
    phase: null,
    minuteMs: MINUTE,
    ...overrides,
  };
}
