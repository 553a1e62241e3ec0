import type { ApiDeps } from '../deps';

/** One seat's streams on this process under one server id. */
interface Held {
  count: number;
  /** The session document records this server id on the seat (`streams[instanceId]`). */
  marked: boolean;
  /** The seat's writes from here, one after another (resolves, never rejects). */
  tail: Promise<void>;
  queued: number;
}

/**
 * The streams this process holds per seat. The session document only records which servers
 * hold at least one (`seats[i].streams[instanceId]: 1`), written under the room's lock when the
 * first of them opens here and when the last closes: a second tab, or a reconnect that opens
 * before the old stream's close is handled, writes nothing. The count lives exactly as long as
 * the streams it counts; a server that dies takes both, and the others drop its mark
 * (`dropInstanceStreams`). A seat's marks from here are written one at a time, in order.
 */
export class HeldStreams {
  private readonly seats = new Map<string, Held>();

  /**
   * Counts a stream opened on `key`; `mark` records the seat as held unless it already is
   * (`already`). A stream `mark` finds no seat for (null) or whose mark failed is not counted.
   */
  async opened<T>(key: string, mark: () => Promise<T | null>, already: () => T): Promise<T | null> {
    const held = this.heldFor(key);
    held.count += 1;
    let counted = false;
    try {
      const result = await this.inTurn(key, held, async () => {
        if (held.marked) return already();
        const marked = await mark();
        held.marked = marked !== null;
        return marked;
      });
      counted = result !== null;
      return result;
    } finally {
      if (!counted) this.release(key, held);
    }
  }

  /** A counted stream on `key` closed; `unmark` runs once the last one here has. */
  async closed(key: string, unmark: () => Promise<void>): Promise<void> {
    const held = this.seats.get(key);
    if (!held) return;
    this.release(key, held);
    await this.inTurn(key, held, async () => {
      // Opened again meanwhile: the mark stays, and the partner never saw a flicker.
      if (held.count > 0 || !held.marked) return;
      await unmark();
      held.marked = false;
    });
  }

  private heldFor(key: string): Held {
    let held = this.seats.get(key);
    if (!held) this.seats.set(key, (held = { count: 0, marked: false, tail: Promise.resolve(), queued: 0 }));
    return held;
  }

  private release(key: string, held: Held): void {
    held.count = Math.max(0, held.count - 1);
    this.forgetIdle(key, held);
  }

  private forgetIdle(key: string, held: Held): void {
    if (held.count === 0 && !held.marked && held.queued === 0 && this.seats.get(key) === held) this.seats.delete(key);
  }

  private inTurn<T>(key: string, held: Held, task: () => Promise<T>): Promise<T> {
    held.queued += 1;
    const run = held.tail.then(task);
    held.tail = run.then(
      () => undefined,
      () => undefined,
    );
    // Errors reach the caller through `run`; this only tidies up after it.
    const done = () => {
      held.queued -= 1;
      this.forgetIdle(key, held);
    };
    held.tail = held.tail.then(done);
    return run;
  }
}

const held = new WeakMap<ApiDeps, HeldStreams>();
export function heldStreams(deps: ApiDeps): HeldStreams {
  let of = held.get(deps);
  if (!of) held.set(deps, (of = new HeldStreams()));
  return of;
}

/** The key of a seat's streams held here under one server id. */
export const heldKey = (roomId: string, userId: string, instanceId: string) => `${roomId}:${userId}:${instanceId}`;
