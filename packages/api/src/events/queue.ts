import { topics, type BusSubscription, type EventBus, type Topic } from './bus';
import type { RealtimeEvent } from './types';
import { DomainError } from '../errors';

/** Why a stream ended while its client still wanted it; the client resubscribes (or signs in). */
export const streamEnded = {
  fellBehind: () => new DomainError('SERVICE_UNAVAILABLE', 'This stream fell behind; reconnect to catch up'),
  busLost: (reason: string) => new DomainError('SERVICE_UNAVAILABLE', reason),
  signedOut: () => new DomainError('UNAUTHORIZED', 'Signed out'),
};

export function isSignedOut(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'UNAUTHORIZED';
}

/**
 * A small single-consumer async queue: listeners push, one subscription generator pulls.
 * Cheaper per subscriber than `events.on()`, and bounded so a stuck client cannot grow it forever.
 */
export class EventQueue<T> {
  private readonly items: T[] = [];
  private waiting: ((value: IteratorResult<T, undefined>) => void) | undefined;
  private waitingFailed: ((reason: DomainError) => void) | undefined;
  private closed = false;
  /** Set when the stream ended for a reason; the consumer's loop throws it (to the client). */
  reason: DomainError | undefined;

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
      this.end(streamEnded.fellBehind());
      return;
    }
    this.items.push(item);
  }

  /** Ends the stream once what is queued was read, then fails the consumer's loop with `reason`. */
  end(reason: DomainError): void {
    if (this.closed) return;
    this.reason = reason;
    this.close();
  }

  /** Ends the stream and releases its listeners; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      if (this.reason) this.waitingFailed?.(this.reason);
      else resolve({ value: undefined, done: true });
    }
    this.waitingFailed = undefined;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.closed)
      return this.reason ? Promise.reject(this.reason) : Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.waitingFailed = reject;
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

/** What `listen` needs to end a stream with its sign-in. */
export function signInOf(ctx: {
  authTokenHash: string | null;
  authExpiresAt: Date | null;
  deps: { now: () => Date };
}): ListenOptions {
  return { signIn: ctx.authTokenHash, signInExpiresAt: ctx.authExpiresAt, now: ctx.deps.now };
}

export interface ListenOptions {
  /** The sign-in the stream belongs to (its token hash): signing it out ends the stream. */
  signIn?: string | null;
  /** When the sign-in expires: the stream ends then too. */
  signInExpiresAt?: Date | null;
  now?: () => Date;
}

/**
 * Subscribes a fresh queue to `topicNames` until `signal` aborts or the consumer closes it
 * (close it in a `finally`). Resolves once the bus confirmed every subscription, so a caller
 * listens first, then backfills from the database, then streams. The stream ends with a reason
 * when the bus loses its subscriptions or the sign-in ends.
 */
export async function listen<T extends RealtimeEvent>(
  bus: EventBus,
  topicNames: readonly Topic<T>[],
  signal: AbortSignal | undefined,
  options: ListenOptions = {},
): Promise<EventQueue<T>> {
  const subscriptions: BusSubscription[] = [];
  let expiry: NodeJS.Timeout | undefined;
  const queue = new EventQueue<T>(1_000, () => {
    clearTimeout(expiry);
    for (const subscription of subscriptions) subscription.unsubscribe();
  });
  const lost = (reason: string) => queue.end(streamEnded.busLost(reason));
  for (const topic of topicNames) subscriptions.push(bus.subscribe(topic, (event) => queue.push(event), lost));
  if (options.signIn) {
    subscriptions.push(bus.subscribe(topics.signIn(options.signIn), () => queue.end(streamEnded.signedOut()), lost));
  }
  if (options.signInExpiresAt && options.now) {
    // Long timers overflow (about 24.8 days); such a stream meets a reconnect long before.
    const wait = Math.min(options.signInExpiresAt.getTime() - options.now().getTime(), 2 ** 31 - 1);
    expiry = setTimeout(() => queue.end(streamEnded.signedOut()), Math.max(wait, 0));
    expiry.unref();
  }
  if (signal?.aborted) queue.close();
  else signal?.addEventListener('abort', () => queue.close(), { once: true });
  try {
    await Promise.all(subscriptions.map((subscription) => subscription.ready));
  } catch {
    queue.close();
    // The bus logged why; the client hears only that it should come back.
    throw streamEnded.busLost('Realtime events are unavailable right now; reconnect shortly');
  }
  return queue;
}
