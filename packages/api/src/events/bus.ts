import type { RealtimeEvent } from './types';

export type Listener = (event: RealtimeEvent) => void;

/**
 * Fan-out by topic. Routers only see this interface: the in-process bus serves one
 * replica; a Redis-backed bus with the same shape serves several behind a load balancer.
 */
export interface EventBus {
  publish(topic: string, event: RealtimeEvent): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(topic: string, listener: Listener): () => void;
  close(): Promise<void>;
}

/** Topic names, in one place so publishers and subscribers agree. */
export const topics = {
  user: (userId: string) => `user:${userId}`,
  room: (roomId: string) => `room:${roomId}`,
} as const;

/** A plain listener map: no per-subscriber EventEmitter or async iterator. */
export class InProcessEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  publish(topic: string, event: RealtimeEvent): Promise<void> {
    this.deliver(topic, event);
    return Promise.resolve();
  }

  /** Delivers to local listeners; a Redis bus calls this for messages it receives. */
  deliver(topic: string, event: RealtimeEvent): void {
    const set = this.listeners.get(topic);
    if (!set) return;
    for (const listener of set) listener(event);
  }

  subscribe(topic: string, listener: Listener): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(topic);
      if (!current) return;
      current.delete(listener);
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
