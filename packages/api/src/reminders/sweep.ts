import {
  advanceReminderClock,
  deleteReminderBucket,
  findReminder,
  findReminderBucket,
  FINAL_REMINDER_STATES,
  readReminderClock,
  type Db,
  type ReminderBucketEntry,
  type ReminderDoc,
} from '@studysync/db';
import type { ApiDeps } from '../deps';
import { deliverReminder } from './deliver';
import { hourBucket, hourEnd, nextHour, previousHour } from './hours';

/**
 * An hour is closed (and its bucket deleted) only this long after it ends, so a server whose
 * clock is a little behind can still list a reminder in it without it being forgotten.
 */
const CLOSE_GRACE_MS = 2 * 60_000;

/** Entries this process has seen settled for good, per database, so a busy current hour is not re-read every sweep. */
const settledEntries = new WeakMap<Db, Set<string>>();

const entryId = (entry: ReminderBucketEntry) => `${entry.key}@${entry.fireAt.toISOString()}`;

/**
 * Whether a due entry needs nothing more: its reminder is gone (assessment deleted), was
 * re-planned to another moment (listed under that one), or settled. Permanent once true,
 * because a reminder is only ever re-listed at a moment still to come.
 */
function isSettled(reminder: ReminderDoc | null, bucket: string, entry: ReminderBucketEntry): boolean {
  if (!reminder || reminder.bucket !== bucket || reminder.fireAt.getTime() !== entry.fireAt.getTime()) return true;
  return FINAL_REMINDER_STATES.includes(reminder.state) || reminder.state === 'dropped';
}

async function handleEntry(deps: ApiDeps, bucket: string, entry: ReminderBucketEntry, now: Date): Promise<boolean> {
  if (entry.fireAt > now) return false;
  const reminder = await findReminder(deps.db, entry.key);
  if (isSettled(reminder, bucket, entry)) return true;
  await deliverReminder(deps, entry.key);
  return isSettled(await findReminder(deps.db, entry.key), bucket, entry);
}

/** Handles the due entries of one bucket; true when none is left to do. */
async function handleBucket(deps: ApiDeps, bucket: string, entries: readonly ReminderBucketEntry[], now: Date) {
  const settled = settledEntries.get(deps.db) ?? new Set<string>();
  settledEntries.set(deps.db, settled);
  let finished = true;
  for (const entry of [...entries].sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime())) {
    if (settled.has(entryId(entry))) continue;
    try {
      if (await handleEntry(deps, bucket, entry, now)) settled.add(entryId(entry));
      else finished = false;
    } catch (error) {
      // Left for the next sweep; one bad reminder must not hold up the others.
      finished = false;
      deps.logger.error(
        { err: error, reminder: entry.key, bucket },
        'Reminder could not be delivered; retrying next sweep',
      );
    }
  }
  return { finished, forget: () => entries.forEach((entry) => settled.delete(entryId(entry))) };
}

/**
 * Reads the hour buckets from the first one not yet finished up to the current hour, by
 * `_id`, and delivers what is due. After downtime that is simply more buckets. Hours are
 * marked finished in order, and only once closed and fully handled.
 */
export async function sweepReminders(deps: ApiDeps): Promise<void> {
  const now = deps.now();
  const current = hourBucket(now);
  let finishedThrough = await readReminderClock(deps.db);
  if (finishedThrough === null) {
    // The very first run: nothing can be listed before now.
    finishedThrough = previousHour(current);
    await advanceReminderClock(deps.db, finishedThrough);
  }
  let advancing = true;
  for (let hour = nextHour(finishedThrough); hour <= current; hour = nextHour(hour)) {
    const bucket = await findReminderBucket(deps.db, hour);
    const { finished, forget } = await handleBucket(deps, hour, bucket?.entries ?? [], now);
    const closed = hourEnd(hour).getTime() + CLOSE_GRACE_MS <= now.getTime();
    if (advancing && finished && closed) {
      await advanceReminderClock(deps.db, hour);
      if (bucket) await deleteReminderBucket(deps.db, hour);
      forget();
    } else {
      advancing = false;
    }
  }
}
