import type { NotificationKind } from '@studysync/db';

/**
 * Every event that crosses the bus, and the views they carry: the realtime contract, below the
 * features that publish it (they import it from here; it imports none of them). JSON-safe
 * (timestamps are ISO strings) so a Redis-backed bus can carry it unchanged. Features add
 * their variants here.
 */
export type RealtimeEvent = UserEvent | RoomEvent | BoardChangedEvent | UserChangedEvent | RoomDirectoryEvent;

/** Events on a student's own topic, streamed by `account.events`. */
export type UserEvent =
  | HelloEvent
  | SignedOutEvent
  | MatchFoundEvent
  | SearchChangedEvent
  | NotificationEvent
  | NotificationsChangedEvent
  | BlocksChangedEvent;

/** First event of a user's stream: proves the stream is live and gives the server clock. */
export interface HelloEvent {
  type: 'hello';
  serverTime: string;
}

/** A student's document changed; servers holding a copy (sign-in caches) read it again. */
export interface UserChangedEvent {
  type: 'userChanged';
  userId: string;
}

/** The session this stream belongs to was signed out; the client should stop listening. */
export interface SignedOutEvent {
  type: 'signedOut';
}

/** Sent to each of the two students, and only them, when they are paired. */
export interface MatchFoundEvent {
  type: 'matchFound';
  sessionId: string;
}

export type { NotificationKind };

/** A notification as clients see it (JSON-safe: timestamps are ISO strings). */
export interface NotificationView {
  /** `<userId>:<seq>`; also the `tracked()` id on the event stream. */
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  assessmentId: string | null;
  stageIndex: number | null;
  createdAt: string;
  read: boolean;
}

/** A new notification for the student; persisted, so the stream yields it with `tracked(id)`. */
export interface NotificationEvent {
  type: 'notification';
  notification: NotificationView;
  unreadCount: number;
}

/** Notifications were read or deleted (maybe in another tab): refresh the list and badge. */
export interface NotificationsChangedEvent {
  type: 'notificationsChanged';
  unreadCount: number;
}

export type Medal = 'gold' | 'silver' | 'bronze';

/** One row of a leaderboard as every client sees it. */
export interface BoardRowView {
  rank: number;
  userId: string;
  username: string;
  minutes: number;
  completedSessions: number;
  medal: Medal | null;
}

/** Published on `topics.board(periodId)` when a board changed; `leaderboard.live` passes it on. */
export interface BoardChangedEvent {
  type: 'boardChanged';
  periodId: string;
  version: number;
  ranked: number;
  top: BoardRowView[];
}

/**
 * The student started looking for a partner (`sessionId`, `minutes`) or stopped (both null),
 * so their other tabs and devices show the same search instead of the length picker.
 */
export interface SearchChangedEvent {
  type: 'searchChanged';
  sessionId: string | null;
  minutes: number | null;
}

/**
 * The student blocked (or unblocked) `userId`, in some tab: their open chats hide (or show again)
 * that student's messages at once, and their pages refresh the list. Only on the blocker's topic.
 */
export interface BlocksChangedEvent {
  type: 'blocksChanged';
  userId: string;
  blocked: boolean;
}

/** A persisted event of a study room's log; `id` is its sequence number in the room. */
export type PersistedRoomEvent = { id: string; at: string } & (
  | { type: 'message'; authorId: string; authorName: string; text: string }
  | { type: 'partnerJoined'; userId: string; username: string }
  | { type: 'fiveMinutesLeft'; endsAt: string }
  | { type: 'completed' }
  | { type: 'endedEarly'; userId: string; username: string }
  | { type: 'disconnected'; userId: string; username: string }
  | { type: 'reconnected'; userId: string; username: string }
  /** Matched but never arrived: the session is called off (cancelled) and the other can rematch. */
  | { type: 'partnerMissing'; userId: string; username: string }
  // Group rooms.
  | { type: 'memberJoined'; userId: string; username: string }
  /** Left, or "gone": away longer than the grace period; their place is free again. */
  | { type: 'memberLeft'; userId: string; username: string; reason: 'left' | 'gone' }
  /** Removed by the host: they cannot rejoin this run; their streams end. */
  | { type: 'memberRemoved'; userId: string; username: string }
  | { type: 'memberMuted'; userId: string; username: string; muted: boolean }
  | { type: 'hostChanged'; userId: string; username: string }
  | { type: 'goalSet'; userId: string; username: string; goal: string | null }
  /** The host started a run: its first focus block begins at `startedAt`. */
  | { type: 'runStarted'; run: number; startedAt: string }
  /** Announced once per phase (the latest only, after downtime). */
  | {
      type: 'phaseChanged';
      run: number;
      segment: number;
      kind: 'focus' | 'break' | 'longBreak';
      block: number;
      endsAt: string;
    }
  | { type: 'breakSkipped'; run: number; skippedMs: number }
  | { type: 'runEnded'; run: number }
  | { type: 'roomClosed' }
);

/** Not stored: only meaningful to whoever is listening right now. */
export type EphemeralRoomEvent =
  { type: 'typing'; userId: string } | { type: 'presence'; userId: string; online: boolean };

export type RoomEvent = PersistedRoomEvent | EphemeralRoomEvent;

/** A public open room as the live directory lists it. */
export interface RoomDirectoryEntryView {
  id: string;
  name: string;
  tag: string | null;
  capacity: number;
  occupancy: number;
  hostName: string;
  /** The run's schedule (epoch ms, see `roomPhaseAt`), null when no run is going. */
  run: { startedAt: number; skippedMs: number } | null;
  cycle: { focusMinutes: number; breakMinutes: number; cyclesBeforeLongBreak: number; longBreakMinutes: number };
  /** The phase when the snapshot was taken; clients recompute it from `run` and their clock. */
  phase: { kind: 'focus' | 'break' | 'longBreak'; block: number; endsAt: string } | null;
  /** One schedule minute in ms (60 000; test servers shrink it), for `roomPhaseAt`. */
  minuteMs: number;
}

/** The whole directory of public open rooms, most occupied first: published on every change. */
export interface RoomDirectoryEvent {
  type: 'roomDirectory';
  rooms: RoomDirectoryEntryView[];
  serverTime: string;
}
