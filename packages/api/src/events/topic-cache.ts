import type { EventBus, Topic } from './bus';
import type { RealtimeEvent } from './types';

/**
 * A per-process copy of small database facts on the hot paths (who a sign-in is, who sits in a
 * running room), each kept while this process listens on the bus topic that announces its end.
 * The topic is subscribed (and, with Redis, confirmed) before the database is read, so an end
 * published on any replica after that read forgets the copy at once; one heard during the read
 * keeps it from being stored. Copies are also re-read after `ttlMs` (an end whose publish failed
 * is noticed then) and dropped, with their subscription, when unused for two minutes.
 */
export interface TopicCacheOptions<K, V, E extends RealtimeEvent> {
  bus: EventBus;
  topic: (key: K) => Topic<E>;
  /** Whether an event on the topic ends what was copied. */
  ends: (event: E) => boolean;
  ttlMs: number;
  now: () => number;
  /** The copy is not used from this moment on (e.g. when a sign-in expires). */
  usableUntil?: (value: V) => number;
}

interface Entry<V> {
  value: V | null;
  checkedAt: number;
  usedAt: number;
  /** Set once forgotten: a read in flight for this entry is not stored. */
  forgotten: boolean;
  unsubscribe(): void;
  ready: Promise<void>;
  reading?: Promise<V | null> | undefined;
}

const IDLE_MS = 120_000;
const MAX_ENTRIES = 50_000;

export class TopicCache<K extends string, V, E extends RealtimeEvent> {
  private readonly entries = new Map<K, Entry<V>>();
  private prunedAt = 0;

  constructor(private readonly options: TopicCacheOptions<K, V, E>) {}

  /** The copy if fresh, else what `load` reads now (kept when not null). */
  async get(key: K, load: () => Promise<V | null>): Promise<V | null> {
    const { ttlMs, now: clock, usableUntil } = this.options;
    if (ttlMs <= 0) return load();
    const now = clock();
    let entry = this.entries.get(key);
    const value = entry?.value;
    if (entry && value && now - entry.checkedAt < ttlMs && (!usableUntil || now < usableUntil(value))) {
      entry.usedAt = now;
      return value;
    }
    this.prune(now);
    entry ??= this.listen(key, now);
    try {
      // Listening before reading, so an end published from now on cannot be missed.
      await entry.ready;
    } catch {
      // The bus logged why; without its promise this process cannot keep a copy.
      this.forget(key);
      return load();
    }
    // Requests arriving together for one key share one read.
    const reading = (entry.reading ??= load().finally(() => {
      if (entry.reading === reading) entry.reading = undefined;
    }));
    const loaded = await reading;
    if (entry.forgotten) return loaded;
    if (!loaded) {
      this.forget(key);
      return null;
    }
    Object.assign(entry, { value: loaded, checkedAt: now, usedAt: now });
    return loaded;
  }

  forget(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.forgotten = true;
    this.entries.delete(key);
    entry.unsubscribe();
  }

  /** Forgets every copy `matches` picks (rare: a student's document changed). */
  forgetWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (entry.value && matches(entry.value)) this.forget(key);
  }

  private listen(key: K, now: number): Entry<V> {
    const { bus, topic, ends } = this.options;
    const subscription = bus.subscribe(
      topic(key),
      (event) => {
        if (ends(event)) this.forget(key);
      },
      () => this.forget(key),
    );
    const entry: Entry<V> = {
      value: null,
      checkedAt: 0,
      usedAt: now,
      forgotten: false,
      unsubscribe: () => subscription.unsubscribe(),
      ready: subscription.ready,
    };
    this.entries.set(key, entry);
    return entry;
  }

  /** Drops entries unused for a while (once in a while), and the oldest beyond the cap. */
  private prune(now: number): void {
    if (now - this.prunedAt >= IDLE_MS) {
      this.prunedAt = now;
      for (const [key, entry] of this.entries) if (now - entry.usedAt >= IDLE_MS) this.forget(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES) break;
      this.forget(key);
    }
  }
}
