import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOARD_TOP_CAPACITY,
  type BoardDoc,
  type BoardMembersDoc,
  type BoardRangeDoc,
  type BoardSlot,
} from '@studysync/db';
import { buildBoardDocuments } from '../src/progress/leaderboard-bulk';
import {
  compareRanked,
  moveOnBoard,
  rankInTop,
  rankOnBoard,
  type BoardStore,
  type Ranked,
} from '../src/progress/leaderboard-core';

const SLOT = 'week';
const PERIOD = 'week:2026-W48';
const NOW = new Date('2026-11-27T12:00:00Z');

class Crash extends Error {}

/** The board's documents in memory, copied on the way in and out like a database would. */
class MemoryStore implements BoardStore {
  boards = new Map<string, BoardDoc>();
  ranges = new Map<string, BoardRangeDoc>();
  memberDocs = new Map<string, BoardMembersDoc>();
  /** Writes allowed before the next one throws (a crash), or Infinity. */
  writesLeft = Infinity;

  private write(): void {
    if (this.writesLeft <= 0) throw new Crash('crashed mid-move');
    this.writesLeft -= 1;
  }

  board = (slot: BoardSlot) => Promise.resolve(structuredClone(this.boards.get(slot) ?? null));
  range = (slot: BoardSlot, range: number) =>
    Promise.resolve(structuredClone(this.ranges.get(`${slot}:r${range}`) ?? null));
  members = (ids: readonly string[]) =>
    Promise.resolve(ids.map((id) => structuredClone(this.memberDocs.get(id) ?? null)));

  saveBoard = (doc: BoardDoc) => {
    this.write();
    this.boards.set(doc._id, structuredClone(doc));
    return Promise.resolve();
  };
  saveRange = (doc: BoardRangeDoc) => {
    this.write();
    this.ranges.set(doc._id, structuredClone(doc));
    return Promise.resolve();
  };
  saveMembers = (doc: BoardMembersDoc) => {
    this.write();
    this.memberDocs.set(doc._id, structuredClone(doc));
    return Promise.resolve();
  };

  /** Everything but the version stamp and emptied documents, for comparing outcomes. */
  snapshot() {
    const board = this.boards.get(SLOT);
    return {
      board: board && { ...board, version: 0 },
      ranges: Object.fromEntries([...this.ranges].filter(([, doc]) => Object.keys(doc.counts).length > 0).sort()),
      members: Object.fromEntries([...this.memberDocs].filter(([, doc]) => Object.keys(doc.members).length > 0).sort()),
    };
  }
}

interface Student extends Ranked {
  username: string;
  visible: boolean;
  /** What the board counts them at (the entry's `counted`). */
  counted: number | null;
}

function students(count: number): Student[] {
  return Array.from({ length: count }, (_, i) => ({
    // Varied tails: every shard gets students.
    userId: `${'6'.repeat(20)}${(i * 37).toString(16).padStart(4, '0')}`,
    username: `student${i}`,
    minutes: 0,
    completed: 0,
    reachedAt: new Date(0),
    visible: true,
    counted: null,
  }));
}

const target = (s: Student) => (s.visible && s.minutes > 0 ? s.minutes : null);

async function sync(store: BoardStore, s: Student): Promise<void> {
  const to = target(s);
  const board = await moveOnBoard(
    store,
    SLOT,
    PERIOD,
    s.userId,
    s.counted,
    to === null ? null : { ...s, minutes: to },
    NOW,
  );
  expect(board?.periodId).toBe(PERIOD);
  s.counted = to;
}

/** The truth, by brute force: every visible student with minutes, in order. */
const ranking = (all: Student[]) => all.filter((s) => target(s) !== null).sort(compareRanked);

type Op =
  | { kind: 'credit'; who: number; minutes: number; completed: boolean; at: number }
  | { kind: 'hide' | 'show'; who: number };

const opArb = (count: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('credit' as const),
        who: fc.integer({ min: 0, max: count - 1 }),
        // Few distinct lengths and moments: plenty of ties on minutes, completions and time.
        minutes: fc.constantFrom(5, 25, 25, 50, 90, 7),
        completed: fc.boolean(),
        at: fc.integer({ min: 0, max: 6 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constantFrom('hide' as const, 'show' as const), who: fc.nat(count - 1) }),
    },
  );

async function apply(store: BoardStore, all: Student[], op: Op): Promise<void> {
  const s = all[op.who];
  if (!s) return;
  if (op.kind === 'credit') {
    s.minutes += op.minutes;
    s.completed += op.completed ? 1 : 0;
    const at = new Date(NOW.getTime() + op.at * 60_000);
    if (at > s.reachedAt) s.reachedAt = at;
  } else {
    s.visible = op.kind === 'show';
  }
  await sync(store, s);
}

async function expectMatchesTruth(store: MemoryStore, all: Student[], checkRanks: boolean): Promise<void> {
  const truth = ranking(all);
  const board = store.boards.get(SLOT) ?? null;
  expect(board?.visible ?? 0).toBe(truth.length);
  expect((board?.top ?? []).map((item) => [item.userId, item.minutes, item.completed])).toEqual(
    truth.slice(0, BOARD_TOP_CAPACITY).map((s) => [s.userId, s.minutes, s.completed]),
  );
  // Counts agree with the member documents.
  const memberCount = [...store.memberDocs.values()].reduce(
    (sum, doc) => sum + (doc.periodId === PERIOD ? Object.keys(doc.members).length : 0),
    0,
  );
  expect(memberCount).toBe(truth.length);
  expect(Object.values(board?.ranges ?? {}).reduce((a, b) => a + b, 0)).toBe(truth.length);
  if (!checkRanks) return;
  for (const s of all) {
    const rank = await rankOnBoard(store, board, s, s.counted);
    const listed = truth.some((t) => t.userId === s.userId);
    // One rule in the top list and below it: everyone with more minutes is ahead, equal minutes share a rank.
    expect(rank).toBe(listed ? truth.filter((t) => t.minutes > s.minutes).length + 1 : null);
  }
}

describe('rankInTop', () => {
  it('gives equal minutes one rank, the best of their group', () => {
    const top = [50, 50, 25, 25, 25, 10].map((minutes) => ({ minutes }));
    expect(top.map((_, index) => rankInTop(top, index))).toEqual([1, 1, 3, 3, 3, 6]);
  });
});

describe('the maintained board', () => {
  it('keeps the exact top list and exact ranks through sessions, ties and students hiding', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 2, max: 160 })
          .chain((count) => fc.tuple(fc.constant(count), fc.array(opArb(count), { minLength: 1, maxLength: 400 }))),
        async ([count, ops]) => {
          const store = new MemoryStore();
          const all = students(count);
          for (const op of ops) {
            await apply(store, all, op);
            await expectMatchesTruth(store, all, false);
          }
          await expectMatchesTruth(store, all, true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refills the list from below when students in it hide', async () => {
    const store = new MemoryStore();
    const all = students(BOARD_TOP_CAPACITY + 30);
    for (const i of all.keys())
      await apply(store, all, { kind: 'credit', who: i, minutes: 5 + (i % 40), completed: i % 3 === 0, at: i % 5 });
    await expectMatchesTruth(store, all, true);
    // The best 60 hide: the list must now reach far below where it ended.
    for (const s of ranking(all).slice(0, 60)) await apply(store, all, { kind: 'hide', who: all.indexOf(s) });
    await expectMatchesTruth(store, all, true);
    expect(store.boards.get(SLOT)?.top).toHaveLength(all.length - 60);
    // And they come back where they belong.
    for (const [i, s] of all.entries()) if (!s.visible) await apply(store, all, { kind: 'show', who: i });
    await expectMatchesTruth(store, all, true);
  });

  it('ranks ties by completed sessions, then who got there first', async () => {
    const store = new MemoryStore();
    const all = students(4);
    const [a, b, c, d] = all;
    if (!a || !b || !c || !d) throw new Error('four students');
    await apply(store, all, { kind: 'credit', who: 0, minutes: 50, completed: false, at: 1 });
    await apply(store, all, { kind: 'credit', who: 1, minutes: 50, completed: true, at: 3 });
    await apply(store, all, { kind: 'credit', who: 2, minutes: 50, completed: true, at: 2 });
    await apply(store, all, { kind: 'credit', who: 3, minutes: 90, completed: false, at: 4 });
    expect(store.boards.get(SLOT)?.top.map((item) => item.username)).toEqual([d, c, b, a].map((s) => s.username));
  });

  it('a move repeated after a crash at any point ends where one clean move would', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb(30), { minLength: 1, maxLength: 120 }),
        opArb(30),
        fc.nat(6),
        async (history, last, crashAfter) => {
          const clean = new MemoryStore();
          const crashed = new MemoryStore();
          const cleanStudents = students(30);
          const crashedStudents = students(30);
          for (const op of history) {
            await apply(clean, cleanStudents, op);
            await apply(crashed, crashedStudents, op);
          }
          await apply(clean, cleanStudents, last);
          // The same move, dying after `crashAfter` writes, then run again in full.
          crashed.writesLeft = crashAfter;
          const before = crashedStudents[last.who]?.counted ?? null;
          await apply(crashed, crashedStudents, last).catch((error: unknown) => {
            if (!(error instanceof Crash)) throw error;
            // The entry was not updated: it still says what the board counted before.
            const s = crashedStudents[last.who];
            if (s) s.counted = before;
          });
          crashed.writesLeft = Infinity;
          const s = crashedStudents[last.who];
          if (s) await sync(crashed, s);
          expect(crashed.snapshot()).toEqual(clean.snapshot());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('built in bulk, a board is the same documents the moves maintain', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 140 })
          .chain((count) => fc.tuple(fc.constant(count), fc.array(opArb(count), { minLength: 1, maxLength: 300 }))),
        async ([count, ops]) => {
          const store = new MemoryStore();
          const all = students(count);
          for (const op of ops) await apply(store, all, op);
          const built = buildBoardDocuments(
            SLOT,
            PERIOD,
            all.filter((s) => target(s) !== null),
            NOW,
          );
          const snapshot = store.snapshot();
          expect({ ...built.board, version: 0 }).toEqual(snapshot.board ?? { ...built.board, version: 0 });
          expect(Object.fromEntries(built.ranges.map((doc) => [doc._id, doc]))).toEqual(snapshot.ranges);
          expect(Object.fromEntries(built.members.map((doc) => [doc._id, doc]))).toEqual(snapshot.members);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a new period starts from nothing, and a late move for the old one changes nothing', async () => {
    const store = new MemoryStore();
    const all = students(6);
    for (const [i] of all.entries())
      await apply(store, all, { kind: 'credit', who: i, minutes: 25 + i, completed: true, at: i });
    const next = 'week:2026-W49';
    const [a, b] = all;
    if (!a || !b) throw new Error('students');
    // A's first session of the new week: their old membership belongs to the old week.
    const moved = await moveOnBoard(store, SLOT, next, a.userId, null, { ...a, minutes: 50 }, NOW);
    expect(moved).toMatchObject({ periodId: next, visible: 1, top: [{ userId: a.userId, minutes: 50 }] });
    expect(moved?.version).toBe(7); // versions go on across periods
    const before = store.snapshot();
    // B's last session of the old week, wrapped up late: that board is over.
    expect(await moveOnBoard(store, SLOT, PERIOD, b.userId, b.counted, { ...b, minutes: 99 }, NOW)).toBeNull();
    expect(store.snapshot()).toEqual(before);
    // B joins the new week, ranked from the counts of the new week alone.
    await moveOnBoard(store, SLOT, next, b.userId, null, { ...b, minutes: 10 }, NOW);
    const board = store.boards.get(SLOT) ?? null;
    expect(board?.top.map((item) => item.userId)).toEqual([a.userId, b.userId]);
    expect(board?.visible).toBe(2);
  });
});
