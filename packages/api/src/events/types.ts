/**
 * Every event that crosses the bus. JSON-safe (timestamps are ISO strings) so a
 * Redis-backed bus can carry it unchanged. Features add their variants here.
 */
export type RealtimeEvent = HelloEvent | SignedOutEvent;

/** First event of a user's stream: proves the stream is live and gives the server clock. */
export interface HelloEvent {
  type: 'hello';
  serverTime: string;
}

/** The session this stream belongs to was signed out; the client should stop listening. */
export interface SignedOutEvent {
  type: 'signedOut';
}
