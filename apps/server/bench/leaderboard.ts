/**
 * How fast the hot progress reads answer with a realistic amount of data.
 *
 *   npm run bench -w @studysync/server -- leaderboard [--students=50000] [--sessions=1000000] [--reads=300]
 *
 * Starts the embedded database (as the server would without MONGODB_URI; with MONGODB_URI it
 * uses that server, in a throwaway database), seeds students, ended sessions and what the
 * server maintains as sessions end (counters, achievements, board entries, boards) with bulk
 * inserts, then starts the real server on it and times, over HTTP through the tRPC client:
 * the weekly board (top 50 + the reader's own rank), the stats page, and `auth.me` (the cost
 * of any signed-in request), beside a plain `findOne({ _id })` through the driver. Seeding is
 * not timed. Board documents are built with the same code that maintains them, and a sample
 * of ranks is checked against a full sort before timing.
 */
import { randomBytes } from 'node:crypto';
import { TimerSet } from '@studysync/api';
import {
  allCollections,
  allIndexes,
  connectDatabase,
  ensureCollections,
  ensureIndexes,
  startEmbeddedDatabase,
} from '@studysync/db';
import { startServer } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { parseOptions } from './leaderboard/options';
import { apiCallers, httpClients, signInReaders } from './leaderboard/readers';
import { seed } from './leaderboard/seed';
import { printTable } from './leaderboard/table';
import { timeReads } from './leaderboard/timed-reads';
import { verifyRanks } from './leaderboard/verify-ranks';

export async function run(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const quiet = { info() {}, warn() {}, error: (obj: object, msg?: string) => console.error(msg, obj) };
  console.log(
    `Seeding ${options.students} students and ${options.sessions} sessions (${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded database'})…`,
  );
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ logger: quiet });
  const uri = process.env.MONGODB_URI ?? embedded?.uri ?? '';
  const dbName = `bench_${randomBytes(4).toString('hex')}`;
  const database = await connectDatabase(uri, dbName);
  const { db } = database;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const timers = new TimerSet();
  try {
    await ensureCollections(db, allCollections);
    await ensureIndexes(db, allIndexes);
    const now = new Date();
    const seeded = await seed(db, options, now);
    const { readers, signIns } = await signInReaders(db, seeded, options, now);

    // The real server, for the reads over HTTP.
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_MS: '600000',
    });
    server = await startServer({ config, logger: createLogger(config), database: { uri, dbName } });
    const clients = httpClients(server.url, readers);
    const callers = apiCallers(db, timers, readers, signIns);

    await verifyRanks(seeded, readers, clients);
    const rows = await timeReads(db, options, seeded, readers, clients, callers);
    await printTable(db, embedded?.engine ?? 'MONGODB_URI', rows);
  } finally {
    timers.close();
    await server?.close();
    await database.client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await database.client.close();
    await embedded?.stop();
  }
}
