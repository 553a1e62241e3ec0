import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKey } from './errors';

/**
 * Due work by time slot, read by `_id` alone (FerretDB scans a whole collection for any other
 * filter). A moment due at `at` puts its entry's id in a bucket of its slot,
 * `_id` = `<kind>:<slot>:<n>`: each writing process claims its own `n` in a slot with a unique
 * insert and then only ever `$addToSet`s to that document, one write at a time (FerretDB's
 * update is a read-modify-write without isolation: two writers of one document lose entries).
 * A sweep reads the slots after its kind's cursor (`cursor:<kind>`, the last slot fully swept),
 * each slot's buckets `n` = 0, 1... until one is missing, and hands every id to the caller, who
 * re-reads the entry's own document (an entry moved or removed since is then skipped).
 * The cursor moves only past slots whose entries were all handled, and never within
 * `OPEN_MS` of now: a writer that read the clock a moment ago may still be adding to them.
 */
export const DUE_SLOT_MS = 10_000;
/** Slots this close to now stay open (re-read by every sweep) for writers still in flight. */
const OPEN_MS = 30_000;
/** A cursor this many slots behind (downtime, a moved clock) looks up which slots hold anything instead of reading each. */
export const MAX_SLOTS_PER_SWEEP = 720;
/** Slots read at once while catching up. */
const READ_AHEAD = 16;

interface DueBucketDoc {
  _id: string;
  writer: string;
  ids: string[];
}

interface DueCursorDoc {
  _id: string;
  slot: number;
}

export const dueBucketsCollection = (db: Db) => db.collection<DueBucketDoc>('dueBuckets');
const cursorsCollection = (db: Db) => db.collection<DueCursorDoc>('dueBuckets');

/** This process, as a bucket writer. */
const WRITER = randomUUID();

export const dueSlotOf = (at: Date) => Math.floor(at.getTime() / DUE_SLOT_MS);
const bucketId = (kind: string, slot: number, n: number) => `${kind}:${slot}:${n}`;
const cursorId = (kind: string) => `cursor:${kind}`;

/**
 * Per database, per `<kind>:<slot>`: this process's bucket there (once claimed), its chain of
 * writes, and the entries waiting for the next write (they all go in it, as one `$each`).
 */
interface OwnBucket {
  id: string | null;
  tail: Promise<void>;
  next: { ids: Set<string>; earliest: number; written: Promise<void> } | null;
}
const ownBuckets = new WeakMap<Db, Map<string, OwnBucket>>();
/** Remembered slots per database before old ones are forgotten (a forgotten one just claims a new `n`). */
const MAX_OWN = 2_000;
/** A moment this far in the past (by the real clock) may be behind the cursor: look first. */
const PAST_MS = OPEN_MS / 2;

/**
 * Claims this process's bucket for a slot, with its first entries in it. A moment already behind
 * the cursor (due in the past, or written late) goes in the first slot the sweep has yet to read.
 */
async function claimBucket(db: Db, kind: string, at: Date, ids: string[]): Promise<string> {
  let slot = dueSlotOf(at);
  if (at.getTime() < Date.now() - PAST_MS) {
    const cursor = await cursorsCollection(db).findOne({ _id: cursorId(kind) });
    if (cursor && cursor.slot >= slot) slot = cursor.slot + 1;
  }
  for (let n = 0; ; n += 1) {
    try {
      await dueBucketsCollection(db).insertOne({ _id: bucketId(kind, slot, n), writer: WRITER, ids });
      return bucketId(kind, slot, n);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}

function ownBucket(db: Db, key: string): OwnBucket {
  let mine = ownBuckets.get(db);
  if (!mine) ownBuckets.set(db, (mine = new Map()));
  let bucket = mine.get(key);
  if (!bucket) {
    if (mine.size >= MAX_OWN) mine.clear();
    bucket = { id: null, tail: Promise.resolve(), next: null };
    mine.set(key, bucket);
  }
  return bucket;
}

/**
 * Notes that `id` is due at `at`. Resolves once it is stored; call it before writing the entry's
 * own document. Entries of one slot noted while this process's previous write to it is on its
 * way go out together in the next one (a rush shares round trips instead of queueing for them).
 */
export function addDueEntry(db: Db, kind: string, at: Date, id: string): Promise<void> {
  const key = `${kind}:${dueSlotOf(at)}`;
  const bucket = ownBucket(db, key);
  if (bucket.next) {
    bucket.next.ids.add(id);
    bucket.next.earliest = Math.min(bucket.next.earliest, at.getTime());
    return bucket.next.written;
  }
  const next: NonNullable<OwnBucket['next']> = {
    ids: new Set([id]),
    earliest: at.getTime(),
    written: Promise.resolve(),
  };
  bucket.next = next;
  // One write at a time per bucket document: it is only ours, so nobody else can race it.
  next.written = bucket.tail.then(async () => {
    if (bucket.next === next) bucket.next = null; // entries noted from now on wait for the write after this one
    const ids = [...next.ids];
    const earliest = new Date(next.earliest);
    if (bucket.id === null) {
      bucket.id = await claimBucket(db, kind, earliest, ids);
      return;
    }
    const { matchedCount } = await dueBucketsCollection(db).updateOne(
      { _id: bucket.id },
      { $addToSet: { ids: { $each: ids } } },
    );
    if (matchedCount > 0) return;
    // Swept and dropped since (written late): claim again, past the cursor.
    bucket.id = await claimBucket(db, kind, new Date(Math.min(earliest.getTime(), Date.now() - 2 * PAST_MS)), ids);
  });
  bucket.tail = next.written.catch(() => undefined);
  return next.written;
}

async function readSlot(db: Db, kind: string, slot: number): Promise<DueBucketDoc[]> {
  const found: DueBucketDoc[] = [];
  for (let n = 0; ; n += 1) {
    const bucket = await dueBucketsCollection(db).findOne({ _id: bucketId(kind, slot, n) });
    if (!bucket) return found;
    found.push(bucket);
  }
}

/**
 * Where a kind's sweep starts. The first sweep ever finds no cursor: `backfill` then notes every
 * entry that exists (written before buckets were kept), once, and the cursor starts just before now's open slots.
 */
async function readCursor(db: Db, kind: string, now: Date, backfill: SweepOptions['backfill']): Promise<number> {
  const cursor = await cursorsCollection(db).findOne({ _id: cursorId(kind) });
  if (cursor) return cursor.slot;
  // Past moments are noted as due now: their own slots are behind where the cursor starts.
  await backfill((at, id) => addDueEntry(db, kind, new Date(Math.max(at.getTime(), now.getTime())), id));
  const start = dueSlotOf(new Date(now.getTime() - OPEN_MS)) - 1;
  try {
    await cursorsCollection(db).insertOne({ _id: cursorId(kind), slot: start });
  } catch (error) {
    // Another server started it at the same time.
    if (!isDuplicateKey(error)) throw error;
  }
  return start;
}

export interface SweepOptions {
  /** Notes the entries written before buckets existed, on the very first sweep (see `readCursor`). */
  backfill: (note: (at: Date, id: string) => Promise<void>) => Promise<void>;
  /** Handles one entry (re-reading its own document); throwing stops the sweep where it is. */
  handle: (id: string) => Promise<void>;
}

/**
 * Hands every entry of the slots after the cursor up to now to `handle`, in slot order, then
 * moves the cursor past the closed slots all handled and drops their buckets. Two servers may
 * sweep at once: both hand the same entries over, and the handlers already do each thing once.
 */
export async function sweepDueBuckets(db: Db, kind: string, now: Date, options: SweepOptions): Promise<void> {
  const from = (await readCursor(db, kind, now, options.backfill)) + 1;
  const nowSlot = dueSlotOf(now);
  const lastClosed = dueSlotOf(new Date(now.getTime() - OPEN_MS)) - 1;
  // Far behind (downtime, or a clock moved forward): walking every empty slot by `_id` would take
  // many sweeps. Only then, one look at the buckets left (swept ones are deleted: a small set)
  // names the slots that hold something, and only those are read.
  const far = nowSlot - from >= MAX_SLOTS_PER_SWEEP;
  // A clock behind the cursor (moved back) still reads the first open slot, where moments
  // written behind the cursor go.
  const slots = far
    ? await waitingSlots(db, kind, from, nowSlot)
    : Array.from({ length: Math.max(1, nowSlot - from + 1) }, (_, i) => from + i);
  let swept = from - 1;
  const done: string[] = [];
  for (let first = 0; first < slots.length; first += READ_AHEAD) {
    const batch = slots.slice(first, first + READ_AHEAD);
    const read = await Promise.all(batch.map((slot) => readSlot(db, kind, slot)));
    for (const [i, buckets] of read.entries()) {
      const slot = batch[i] ?? from;
      for (const bucket of buckets) for (const id of bucket.ids) await options.handle(id);
      if (slot <= lastClosed) {
        swept = slot;
        done.push(...buckets.map((bucket) => bucket._id));
      }
    }
  }
  // The look found nothing else up to now: the closed slots are all passed.
  if (far) swept = Math.max(swept, lastClosed);
  if (swept < from) return;
  // Not isolated on FerretDB: a lost `$max` leaves the cursor behind, and those slots are swept again.
  await cursorsCollection(db).updateOne({ _id: cursorId(kind) }, { $max: { slot: swept } });
  for (const id of done) await dueBucketsCollection(db).deleteOne({ _id: id });
}

/** The slots from `from` to `to` that hold a bucket of `kind`, in order. */
async function waitingSlots(db: Db, kind: string, from: number, to: number): Promise<number[]> {
  const left = await dueBucketsCollection(db)
    .find({ _id: { $regex: `^${kind}:\\d+:` } }, { projection: { _id: 1 } })
    .toArray();
  const slots = new Set(left.map((bucket) => Number(bucket._id.split(':')[1])));
  return [...slots].filter((slot) => slot >= from && slot <= to).sort((a, b) => a - b);
}
