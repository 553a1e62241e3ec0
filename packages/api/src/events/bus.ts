import type { BoardChangedEvent, RealtimeEvent, RoomEvent, UserEvent } from './types';

export type Listener<T extends RealtimeEvent = RealtimeEvent> = (event: T) => void;

declare const carries: unique symbol;
/** A topic name that also says, at the type level, which events travel on it. */
export type Topic<T extends RealtimeEvent> = string & { readonly [carries]?: T };

/**
 * Fan-out by topic. Routers only see this interface: the in-process bus serves one
 * replica; a Redis-backed bus with the same shape serves several behind a load balancer.
 */
export interface EventBus {
  publish<T extends RealtimeEvent>(topic: Topic<T>, event: T): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe<T extends RealtimeEvent>(topic: Topic<T>, listener: Listener<T>): () => void;
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
} as const;

/** A plain listener map: no per-subscriber EventEmitter or async iterator. */
export class InProcessEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  publish<T extends RealtimeEvent>(topic: Topic<T>, event: T): Promise<void> {
    this.deliver(topic, event);
    return Promise.resolve();
  }

  /** Delivers to local listeners; a Redis bus calls this for messages it receives. */
  deliver(topic: string, event: RealtimeEvent): void {
    const set = this.listeners.get(topic);
    if (!set) return;
    for (const listener of set) listener(event);
  }

  subscribe<T extends RealtimeEvent>(topic: Topic<T>, listener: Listener<T>): () => void {
    // Safe: publishers on a Topic<T> only send T (checked by `publish`'s signature).
    const untyped = listener as Listener;
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(untyped);
    return () => {
      const current = this.listeners.get(topic);
      if (!current) return;
      current.delete(untyped);
      if (current.size === 0) this.listeners.delete(topic);
    };
  }

  topicCount(): number {
    return this.listeners.size;
  }

  close(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}
