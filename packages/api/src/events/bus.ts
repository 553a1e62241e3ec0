import type {
  BoardChangedEvent,
  RealtimeEvent,
  RoomDirectoryEvent,
  RoomEvent,
  SignedOutEvent,
  UserChangedEvent,
  UserEvent,
} from './types';

export type Listener<T extends RealtimeEvent = RealtimeEvent> = (event: T) => void;

declare const carries: unique symbol;
/** A topic name that also says, at the type level, which events travel on it. */
export type Topic<T extends RealtimeEvent> = string & { readonly [carries]?: T };

/** Called when the bus can no longer promise to deliver a topic's events (e.g. Redis dropped). */
export type LostListener = (reason: string) => void;

export interface BusSubscription {
  /**
   * Settles once events published anywhere from now on will reach the listener (for Redis: the
   * server confirmed the SUBSCRIBE). Rejects when that cannot be promised; the listener is then
   * never called. Await it before backfilling from the database.
   */
  ready: Promise<void>;
  unsubscribe(): void;
}

/** What /readyz and /metrics report about the bus. */
export interface BusHealth {
  kind: 'in-process' | 'redis';
  connected: boolean;
  published: number;
  received: number;
  publishFailures: number;
  dropped: number;
}

/**
 * Fan-out by topic. Routers only see this interface: the in-process bus serves one
 * replica; a Redis-backed bus with the same shape serves several behind a load balancer.
 * `publish` never rejects: events are hints that a backfill repairs, so a failure is logged
 * by the bus and must not undo (or fail) the write that came before it.
 */
export interface EventBus {
  publish<T extends RealtimeEvent>(topic: Topic<T>, event: T): Promise<void>;
  subscribe<T extends RealtimeEvent>(topic: Topic<T>, listener: Listener<T>, onLost?: LostListener): BusSubscription;
  health(): BusHealth;
  close(): Promise<void>;
}

/** Topic names, in one place so publishers and subscribers agree on names and event types. */
export const topics = {
  /** Everything addressed to one student (all their tabs). */
  user: (userId: string): Topic<UserEvent> => `user:${userId}`,
  /** Everything happening in one study room. */
  room: (roomId: string): Topic<RoomEvent> => `room:${roomId}`,
  /** Changes to one leaderboard period (`week:2026-W48`, `month:2026-11`, `all`). */
  board: (periodId: string): Topic<BoardChangedEvent> => `board:${periodId}`,
  /** One sign-in (a session token, by its hash): its streams end when it is signed out. */
  signIn: (tokenHash: string): Topic<SignedOutEvent> => `signIn:${tokenHash}`,
  /** Snapshots of the public room directory. */
  roomDirectory: 'roomDirectory' as Topic<RoomDirectoryEvent>,
  /** Some student's document changed (name, email, settings): every server's copy is stale. */
  usersChanged: 'users:changed' as Topic<UserChangedEvent>,
} as const;

/** A plain listener map: no per-subscriber EventEmitter or async iterator. */
export class InProcessEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private published = 0;

  publish<T extends RealtimeEvent>(topic: Topic<T>, event: T): Promise<void> {
    this.published += 1;
    this.deliver(topic, event);
    return Promise.resolve();
  }

  /** Delivers to local listeners; a Redis bus calls this for messages it receives. */
  deliver(topic: string, event: RealtimeEvent): void {
    const set = this.listeners.get(topic);
    if (!set) return;
    for (const listener of set) listener(event);
  }

  /** Adds a listener; returns true when it is the topic's first (a Redis bus then subscribes). */
  add(topic: string, listener: Listener): boolean {
    let set = this.listeners.get(topic);
    const first = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    return first;
  }

  /** Removes a listener; returns true when it was the topic's last. */
  remove(topic: string, listener: Listener): boolean {
    const current = this.listeners.get(topic);
    if (!current?.delete(listener) || current.size > 0) return false;
    this.listeners.delete(topic);
    return true;
  }

  subscribe<T extends RealtimeEvent>(topic: Topic<T>, listener: Listener<T>): BusSubscription {
    // Safe: publishers on a Topic<T> only send T (checked by `publish`'s signature).
    const untyped = listener as Listener;
    this.add(topic, untyped);
    return { ready: Promise.resolve(), unsubscribe: () => void this.remove(topic, untyped) };
  }

  topicCount(): number {
    return this.listeners.size;
  }

  topicNames(): string[] {
    return [...this.listeners.keys()];
  }

  health(): BusHealth {
    const published = this.published;
    return { kind: 'in-process', connected: true, published, received: published, publishFailures: 0, dropped: 0 };
  }

  /** Forgets every listener (without telling them). */
  clear(): void {
    this.listeners.clear();
  }

  close(): Promise<void> {
    this.clear();
    return Promise.resolve();
  }
}
