import type { EventBus, Topic } from './bus';
import type { RealtimeEvent } from './types';

/**
 * A small single-consumer async queue: listeners push, one subscription generator pulls.
 * Cheaper per subscriber than `events.on()`, and bounded so a stuck client cannot grow it forever.
 */
export class EventQueue<T> {
  private readonly items: T[] = [];
  private waiting: ((value: IteratorResult<T, undefined>) => void) | undefined;
  private closed = false;
  overflowed = false;

  constructor(
    private readonly limit = 1_000,
    private readonly onClose?: () => void,
  ) {}

  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      // The client is not reading; end its stream so it reconnects and backfills.
      this.overflowed = true;
      this.close();
      return;
    }
    this.items.push(item);
  }

  /** Ends the stream and releases its listeners; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const result = await this.next();
      if (result.done) return;
      yield result.value;
    }
  }
}

/**
 * Subscribes a fresh queue to `topicNames` until `signal` aborts or the consumer closes it
 * (close it in a `finally`). Listen first, then backfill from the database, then stream.
 */
export function listen<T extends RealtimeEvent>(
  bus: EventBus,
  topicNames: readonly Topic<T>[],
  signal: AbortSignal | undefined,
): EventQueue<T> {
  const unsubscribers: (() => void)[] = [];
  const queue = new EventQueue<T>(1_000, () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  });
  for (const topic of topicNames) unsubscribers.push(bus.subscribe(topic, (event) => queue.push(event)));
  if (signal?.aborted) queue.close();
  else signal?.addEventListener('abort', () => queue.close(), { once: true });
  return queue;
}
