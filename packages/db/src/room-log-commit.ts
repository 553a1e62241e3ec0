import { MongoBulkWriteError, type Collection, type OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKey } from './errors';

/**
 * Group commit for room-log appends: the unique-`_id` inserts that arrive while the database is
 * busy (across rooms) go to it as one `insertMany`, unordered, so each document succeeds or
 * fails on its own. A duplicate key fails only that document (another replica took the
 * number: the caller tries the next one); the others are stored all the same.
 *
 * Nothing waits for a timer: a lone insert goes out on the next turn of the event loop, and
 * while batches are on their way the next ones fill. A room sends at most one append at a time
 * from a process (room-log-heads.ts `exclusive`), so a batch never holds two numbers of one room
 * and order within a room is decided by the numbers alone, as before.
 */
export type CommitOutcome = 'inserted' | 'taken';

interface Waiting<T> {
  doc: OptionalUnlessRequiredId<T>;
  settle: (outcome: CommitOutcome) => void;
  fail: (error: unknown) => void;
}

/** Batches on their way at once: one being written while the next is sent keeps the engine busy. */
const MAX_IN_FLIGHT = 2;
/** Documents per `insertMany` (well under the 16 MB command and the engines' batch limits). */
const MAX_BATCH = 500;

export class GroupCommit<T extends { _id: string }> {
  private queued: Waiting<T>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly collection: Collection<T>) {}

  /** Inserts `doc`: `'taken'` when its `_id` already exists; rejects when it may not be stored. */
  insert(doc: OptionalUnlessRequiredId<T>): Promise<CommitOutcome> {
    return new Promise((settle, fail) => {
      this.queued.push({ doc, settle, fail });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queued.length === 0) return;
    this.scheduled = true;
    // Let the inserts of this moment join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.send();
    });
  }

  private send(): void {
    if (this.inFlight >= MAX_IN_FLIGHT) return;
    const batch = this.queued.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    this.inFlight += 1;
    // commit() settles every waiter itself and never rejects.
    const after = () => {
      this.inFlight -= 1;
      this.schedule();
    };
    this.commit(batch).then(after, after);
    this.schedule();
  }

  private async commit(batch: readonly Waiting<T>[]): Promise<void> {
    try {
      await this.collection.insertMany(
        batch.map((waiting) => waiting.doc),
        { ordered: false },
      );
      for (const waiting of batch) waiting.settle('inserted');
    } catch (error) {
      settleFailedBatch(batch, error);
    }
  }
}

/**
 * An unordered insert reports each failed document by its index; the rest were stored. Without
 * that report (connection lost, timeout, write concern failed) nothing is known of any of them.
 */
function settleFailedBatch<T>(batch: readonly Waiting<T>[], error: unknown): void {
  const known = error instanceof MongoBulkWriteError && !error.result.getWriteConcernError();
  const reported = known ? error.writeErrors : [];
  const failures = Array.isArray(reported) ? reported : [reported];
  if (!known || failures.length === 0) {
    for (const waiting of batch) waiting.fail(error);
    return;
  }
  const byIndex = new Map(failures.map((failure) => [failure.index, failure]));
  for (const [index, waiting] of batch.entries()) {
    const failure = byIndex.get(index);
    if (!failure) waiting.settle('inserted');
    else if (isDuplicateKey(failure)) waiting.settle('taken');
    else waiting.fail(error);
  }
}
