import type { AnyBulkWriteOperation, Db, MongoBulkWriteError } from 'mongodb';
import { isDuplicateKey } from './errors';

/**
 * Where each room's log ends, as far as this process knows, so an append does not read the
 * persisted head first, and the persisted head itself (`roomLogHeads`, only a hint: readers walk
 * forward from it to the first free number).
 *
 * The numbers known here were all seen taken (appended or read), so each is at most the true
 * head: an append starting above it walks forward over numbers another replica took (a
 * duplicate key each) and lands on the first free one, which keeps the log gap-free.
 *
 * Appends to one room from this process go one at a time (other processes may still race them).
 * The persisted hints are raised together: the rooms appended to while a raise was on its way go
 * out as one bulk write, off the append's path. Under load many rooms share one round trip.
 */
export interface RoomLogHeadDoc {
  _id: string;
  seq: number;
}

export const roomLogHeadsCollection = (db: Db) => db.collection<RoomLogHeadDoc>('roomLogHeads');

/** Rooms remembered per process; the least recently touched go first beyond this. */
const MAX_ROOMS = 100_000;

class RoomLogHeads {
  private readonly known = new Map<string, number>();
  private pending = new Map<string, number>();
  private flushing: Promise<void> | null = null;
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly db: Db) {}

  /**
   * Runs the room's appends from this process one after another, so two sends in one room here
   * do not both try the same number (the loser would pay a round trip to learn it).
   */
  exclusive<T>(roomKey: string, task: () => Promise<T>): Promise<T> {
    const before = this.queues.get(roomKey);
    const run = before ? before.then(task, task) : task();
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(roomKey, tail);
    // `tail` never rejects (both outcomes map to undefined), so there is nothing to report here.
    tail
      .then(() => {
        if (this.queues.get(roomKey) === tail) this.queues.delete(roomKey);
      })
      .catch(() => undefined);
    return run;
  }

  get(roomKey: string): number | undefined {
    return this.known.get(roomKey);
  }

  /** `seq` is known to be taken in the room. */
  note(roomKey: string, seq: number): void {
    const before = this.known.get(roomKey) ?? 0;
    this.known.delete(roomKey);
    this.known.set(roomKey, Math.max(before, seq));
    for (const key of this.known.keys()) {
      if (this.known.size <= MAX_ROOMS) break;
      this.known.delete(key);
    }
  }

  forget(roomKey: string): void {
    this.known.delete(roomKey);
  }

  /** Raises the persisted hint to `seq` soon; settles once a write including it is done. */
  raise(roomKey: string, seq: number): Promise<void> {
    this.pending.set(roomKey, Math.max(this.pending.get(roomKey) ?? 0, seq));
    this.flushing ??= this.flush();
    return this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      // Let the appends of this moment join the batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.pending.size > 0) {
        const batch = this.pending;
        this.pending = new Map();
        await raiseHints(this.db, batch);
      }
    } finally {
      this.flushing = null;
    }
  }
}

async function raiseHints(db: Db, batch: ReadonlyMap<string, number>): Promise<void> {
  const ops = (upsert: boolean, keys: Iterable<string>): AnyBulkWriteOperation<RoomLogHeadDoc>[] =>
    [...keys].map((_id) => ({
      updateOne: { filter: { _id }, update: { $max: { seq: batch.get(_id) ?? 0 } }, upsert },
    }));
  try {
    await roomLogHeadsCollection(db).bulkWrite(ops(true, batch.keys()), { ordered: false });
  } catch (error) {
    // Two first events of a room raced to create its head: it exists now, raise it.
    const failed = (error as Partial<MongoBulkWriteError>).writeErrors;
    const errors = Array.isArray(failed) ? failed : failed ? [failed] : [];
    if (errors.length === 0 || !errors.every(isDuplicateKey)) throw error;
    const keys = [...batch.keys()];
    const retry = errors.map((writeError) => keys[writeError.index]).filter((key) => key !== undefined);
    await roomLogHeadsCollection(db).bulkWrite(ops(false, retry), { ordered: false });
  }
}

const heads = new WeakMap<Db, RoomLogHeads>();
export function roomLogHeadsOf(db: Db): RoomLogHeads {
  let of = heads.get(db);
  if (!of) heads.set(db, (of = new RoomLogHeads(db)));
  return of;
}
