/** The timed reads: driver point reads, the API in-process, and the same over HTTP. */
import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '@studysync/api';
import { findProgress, type BoardDoc, type Db, type UserDoc } from '@studysync/db';
import type { Options } from './options';
import type { Caller, Reader } from './readers';
import type { Seeded } from './seed';
import type { Timing } from './table';

export async function timeReads(
  db: Db,
  options: Options,
  seeded: Seeded,
  readers: readonly Reader[],
  clients: readonly TRPCClient<AppRouter>[],
  callers: readonly Caller[],
): Promise<Timing[]> {
  const sessionsCollection = db.collection('studySessions');
  const usersCollection = db.collection('users');
  const reader = (i: number) => i % readers.length;
  const client = (i: number) => clients[reader(i)] as TRPCClient<AppRouter>;
  const caller = (i: number) => callers[reader(i)] as (typeof callers)[number];
  const progressOf = (i: number) => {
    const userId = (readers[reader(i)] as (typeof readers)[number]).user._id.toHexString();
    return findProgress(db, userId);
  };
  const rows: Timing[] = [];
  const measure = async (label: string, reads: number, call: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < Math.min(10, Math.ceil(reads / 5)); i += 1) await call(i); // warm up
    const timing: Timing = { label, samples: [] };
    for (let i = 0; i < reads; i += 1) {
      const begin = performance.now();
      await call(i);
      timing.samples.push(performance.now() - begin);
    }
    rows.push(timing);
  };
  // The big table takes seconds a read on FerretDB: a few samples show it.
  const baselineReads = options.sessions >= 200_000 ? 5 : Math.min(options.reads, 50);
  const httpReads = Math.min(options.reads, 100);
  await measure(`findOne({ _id }) studySessions, ${options.sessions} rows`, baselineReads, (i) =>
    sessionsCollection.findOne({ _id: seeded.sessionIds[(i * 7919) % seeded.sessionIds.length] }),
  );
  await measure(`findOne({ _id }) users, ${options.students} rows`, httpReads, (i) =>
    usersCollection.findOne({ _id: (seeded.users[(i * 7919) % seeded.users.length] as UserDoc)._id }),
  );
  await measure(`findOne({ _id }) progress, ${options.students} rows`, options.reads, progressOf);
  await measure('findOne({ _id }) boards, 3 rows (per-query floor)', options.reads, () =>
    db.collection<BoardDoc>('boards').findOne({ _id: 'week' }),
  );
  await measure('API leaderboard.get week: top 50 + own rank', options.reads, (i) =>
    caller(i).leaderboard.get({ board: 'week' }),
  );
  await measure('API leaderboard.get month', options.reads, (i) => caller(i).leaderboard.get({ board: 'month' }));
  await measure('API leaderboard.get all time', options.reads, (i) => caller(i).leaderboard.get({ board: 'all' }));
  await measure('API progress.overview: the stats page', options.reads, (i) => caller(i).progress.overview());
  await measure('HTTP auth.me (what any request costs)', httpReads, (i) => client(i).auth.me.query());
  await measure('HTTP leaderboard.get week', httpReads, (i) => client(i).leaderboard.get.query({ board: 'week' }));
  await measure('HTTP progress.overview', httpReads, (i) => client(i).progress.overview.query());
  return rows;
}
