import type { NotificationEvent, NotificationsChangedEvent } from '../notifications/events';
import type { BoardChangedEvent } from '../progress/leaderboard-view';

export type { NotificationEvent, NotificationsChangedEvent, BoardChangedEvent };

/**
 * Every event that crosses the bus. JSON-safe (timestamps are ISO strings) so a
 * Redis-backed bus can carry it unchanged. Features add their variants here.
 */
export type RealtimeEvent = UserEvent | RoomEvent | BoardChangedEvent;

/** Events on a student's own topic, streamed by `account.events`. */
export type UserEvent = HelloEvent | SignedOutEvent | MatchFoundEvent | NotificationEvent | NotificationsChangedEvent;

/** First event of a user's stream: proves the stream is live and gives the server clock. */
export interface HelloEvent {
  type: 'hello';
  serverTime: string;
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
);

/** Not stored: only meaningful to whoever is listening right now. */
export type EphemeralRoomEvent =
  { type: 'typing'; userId: string } | { type: 'presence'; userId: string; online: boolean };

export type RoomEvent = PersistedRoomEvent | EphemeralRoomEvent;
