import pLimit, { type LimitFunction } from 'p-limit';
import { readMatchHead, type Db, type MatchTicketDoc } from '@studysync/db';

/** A walk starts from a fresh read of the shared head when the last is older than this. */
export const HEAD_REFRESH_MS = 20_000;
/**
 * A missing slot is taken as free only this soon after a head read: used slots are deleted only
 * once the head passed them `MATCH_SLOT_KEEP_MS` (minutes) before, far longer than this.
 */
export const HEAD_TRUST_MS = 60_000;

/**
 * Per database and length, where this server looks first: the first slot it last saw unclaimed,
 * what it knows is there (the ticket it put itself, or "free" right after claiming the one
 * before), and when it last read the shared head (`Date.now()` as the read went out).
 */
export interface LineHint {
  generation: number;
  known: MatchTicketDoc | 'free' | null;
  headReadAt: number;
}
const lineHints = new WeakMap<Db, Map<number, LineHint>>();
/** Per database and length, this server's walkers, one at a time. */
const localLines = new WeakMap<Db, Map<number, LimitFunction>>();

export function hintOf(db: Db, minutes: number): LineHint {
  let hints = lineHints.get(db);
  if (!hints) lineHints.set(db, (hints = new Map()));
  let hint = hints.get(minutes);
  if (!hint) hints.set(minutes, (hint = { generation: 0, known: null, headReadAt: Number.NEGATIVE_INFINITY }));
  return hint;
}

/** Moves the hint to the shared head if that is further on; the walk may then trust a free slot. */
export async function readHead(db: Db, minutes: number, hint: LineHint): Promise<void> {
  const sentAt = Date.now();
  const head = await readMatchHead(db, minutes);
  if (head > hint.generation) Object.assign(hint, { generation: head, known: null });
  hint.headReadAt = Math.max(hint.headReadAt, sentAt);
}

/**
 * One walker per length at a time on this server: walkers arriving together would otherwise
 * all race for the same slot and claim, most of them losing (a herd that grows with the rush).
 * Only the few round trips of the walk are serialised; joining runs outside.
 */
export function lineOf(db: Db, minutes: number): LimitFunction {
  let lines = localLines.get(db);
  if (!lines) localLines.set(db, (lines = new Map()));
  let line = lines.get(minutes);
  if (!line) lines.set(minutes, (line = pLimit(1)));
  return line;
}
