import type { Redis } from 'ioredis';
import type { ApiLogger } from '../deps';
import {
  InProcessEventBus,
  type BusHealth,
  type BusSubscription,
  type EventBus,
  type Listener,
  type LostListener,
  type Topic,
} from './bus';
import type { RealtimeEvent } from './types';
import { parseBusMessage } from './wire';

/** Channels carry this prefix, so StudySync shares a Redis with other software safely. */
const CHANNEL_PREFIX = 'studysync:';

interface TopicEntry {
  /** Settles when Redis confirmed the SUBSCRIBE (shared by every listener of the topic). */
  ready: Promise<void>;
  lost: Set<LostListener>;
}

export interface RedisEventBusOptions {
  /** Commands: PUBLISH (and, given to the rate limiters, their counters). */
  publisher: Redis;
  /** A connection of its own: a subscribed Redis connection runs no other commands. */
  subscriber: Redis;
  logger: ApiLogger;
}

/**
 * Fan-out across replicas over Redis pub/sub: one subscriber connection per process, each topic
 * subscribed while at least one local listener wants it.
 *
 * A publish goes only to Redis, and every replica, this one included, delivers what it receives
 * through the in-process bus's `deliver()`. So each event reaches a local listener exactly once
 * and in the same order on every replica; there is no local shortcut to deduplicate against.
 *
 * When the subscriber connection drops, messages published meanwhile are lost for good, so every
 * listener is told (`onLost`) and forgotten: its stream ends and its client resubscribes and
 * backfills from the database once Redis answers again.
 */
export class RedisEventBus implements EventBus {
  private readonly local = new InProcessEventBus();
  private readonly topics = new Map<string, TopicEntry>();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly logger: ApiLogger;
  private counts = { published: 0, received: 0, publishFailures: 0, dropped: 0 };
  private closed = false;

  constructor(options: RedisEventBusOptions) {
    ({ publisher: this.publisher, subscriber: this.subscriber, logger: this.logger } = options);
    this.subscriber.on('message', (channel: string, raw: string) => this.receive(channel, raw));
    this.subscriber.on('close', () => this.dropAll('Realtime connection lost; reconnect to catch up'));
  }

  async publish<T extends RealtimeEvent>(topic: Topic<T>, event: T): Promise<void> {
    try {
      await this.publisher.publish(CHANNEL_PREFIX + topic, JSON.stringify(event));
      this.counts.published += 1;
    } catch (error) {
      // The write this announces is already stored; a reader's backfill will find it.
      this.counts.publishFailures += 1;
      this.logger.warn({ err: error, topic, type: event.type }, 'Could not publish a realtime event to Redis');
    }
  }

  subscribe<T extends RealtimeEvent>(topic: Topic<T>, listener: Listener<T>, onLost?: LostListener): BusSubscription {
    // Safe: publishers on a Topic<T> only send T (checked by `publish`'s signature), and what
    // arrives from Redis is checked by `parseBusMessage`.
    const untyped = listener as Listener;
    let entry = this.topics.get(topic);
    if (!entry) {
      const ready = this.subscriber.subscribe(CHANNEL_PREFIX + topic).then(() => undefined);
      entry = { ready, lost: new Set() };
      this.topics.set(topic, entry);
      const created = entry;
      // A refused SUBSCRIBE is reported to each caller through `ready`; forget the topic so the
      // next listener asks again.
      ready.catch((error: unknown) => {
        this.logger.warn({ err: error, topic }, 'Could not subscribe to a Redis channel');
        if (this.topics.get(topic) === created) this.topics.delete(topic);
      });
    }
    this.local.add(topic, untyped);
    if (onLost) entry.lost.add(onLost);
    const current = entry;
    let active = true;
    return {
      ready: current.ready,
      unsubscribe: () => {
        if (!active) return;
        active = false;
        if (onLost) current.lost.delete(onLost);
        const last = this.local.remove(topic, untyped);
        if (last && this.topics.get(topic) === current) {
          this.topics.delete(topic);
          // Nothing to undo when the connection is down: Redis forgot the subscription with it.
          if (this.subscriber.status === 'ready') {
            this.subscriber.unsubscribe(CHANNEL_PREFIX + topic).catch((error: unknown) => {
              this.logger.warn({ err: error, topic }, 'Could not unsubscribe from a Redis channel');
            });
          }
        }
      },
    };
  }

  health(): BusHealth {
    const connected = !this.closed && this.subscriber.status === 'ready' && this.publisher.status === 'ready';
    return { kind: 'redis', connected, ...this.counts };
  }

  /** Topics this process is subscribed to (tests check that the last listener unsubscribes). */
  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.dropAll('Server shutting down');
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }

  private receive(channel: string, raw: string): void {
    if (!channel.startsWith(CHANNEL_PREFIX)) return;
    const topic = channel.slice(CHANNEL_PREFIX.length);
    const event = parseBusMessage(raw);
    if (!event) {
      this.counts.dropped += 1;
      this.logger.warn({ topic, message: raw.slice(0, 200) }, 'Dropped a realtime message that is not a known event');
      return;
    }
    this.counts.received += 1;
    this.local.deliver(topic, event);
  }

  private dropAll(reason: string): void {
    if (this.topics.size === 0) return;
    const entries = [...this.topics.values()];
    this.topics.clear();
    this.local.clear();
    this.logger.warn({ topics: entries.length, reason }, 'Ending realtime streams: the bus cannot deliver to them');
    for (const entry of entries) for (const lost of [...entry.lost]) lost(reason);
  }
}
