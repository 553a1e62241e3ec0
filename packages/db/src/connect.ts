import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import ConnectionString from 'mongodb-connection-string-url';
import { resolveFerretdbBinary } from './embedded/ferretdb-binary';
import { startFerretdb } from './embedded/ferretdb-process';
import { startMongoMemoryServer } from './embedded/mongo-memory';
import type { DbLogger } from './logger';

export type DatabaseEngine = 'external' | 'mongodb-memory-server' | 'ferretdb';

export interface DatabaseServer {
  uri: string;
  engine: DatabaseEngine;
  /** False once the embedded engine died for good (it is restarted while it can be). */
  alive(): boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Keep data here across restarts; omit for a throwaway database. */
  dataDir?: string;
  logger: DbLogger;
  /** Restarts of a dead embedded FerretDB tried in a row before liveness fails. */
  maxRestarts?: number;
}

export const NO_DATABASE_MESSAGE = [
  'No database is available. Choose one of:',
  '  1. set MONGODB_URI to a MongoDB 7+ (or FerretDB) server;',
  '  2. let mongodb-memory-server download a mongod (needs internet), or point MONGOMS_SYSTEM_BINARY at a local mongod;',
  '  3. put FerretDB 1.24 on PATH as `ferretdb`, or install Go so StudySync can build it once into its cache.',
].join('\n');

/**
 * The embedded default: a real mongod through mongodb-memory-server when it can get one,
 * else FerretDB on SQLite. Throws with NO_DATABASE_MESSAGE when neither works.
 */
export async function startEmbeddedDatabase({
  dataDir,
  logger,
  maxRestarts,
}: EmbeddedOptions): Promise<DatabaseServer> {
  // DATABASE_ENGINE=ferretdb skips mongod, so CI can run the suite on FerretDB on purpose.
  const mongod =
    process.env.DATABASE_ENGINE === 'ferretdb'
      ? undefined
      : await startMongoMemoryServer(dataDir && join(dataDir, 'mongod'), logger);
  if (mongod) {
    logger.info({ engine: 'mongodb-memory-server', dataDir }, 'Embedded database engine chosen');
    return { uri: mongod.uri, engine: 'mongodb-memory-server', alive: () => true, stop: mongod.stop };
  }

  const binary = await resolveFerretdbBinary(logger);
  if (!binary) throw new Error(NO_DATABASE_MESSAGE);
  const throwaway = dataDir ? undefined : await mkdtemp(join(tmpdir(), 'studysync-ferretdb-'));
  const dir = dataDir ? join(dataDir, 'ferretdb') : (throwaway as string);
  const ferret = await startFerretdb(binary, dir, { logger, ...(maxRestarts === undefined ? {} : { maxRestarts }) });
  logger.info({ engine: 'ferretdb', binary, dataDir: dir }, 'Embedded database engine chosen');
  return {
    uri: ferret.uri,
    engine: 'ferretdb',
    alive: ferret.alive,
    stop: async () => {
      await ferret.stop();
      if (throwaway) await rm(throwaway, { recursive: true, force: true });
    },
  };
}

export interface Database {
  client: MongoClient;
  db: Db;
}

/**
 * Connects the driver. The database is `dbName`, else the one named in the URI,
 * else "studysync" (tests pass a fresh name each).
 */
export async function connectDatabase(
  uri: string,
  dbName?: string,
  /** Sees every command the driver sends (benchmarks count round trips with it). */
  onCommand?: (event: CommandStartedEvent) => void,
): Promise<Database> {
  const fromUri = new ConnectionString(uri).pathname.replace(/^\//, '');
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, monitorCommands: onCommand !== undefined });
  if (onCommand) client.on('commandStarted', onCommand);
  await client.connect();
  return { client, db: client.db(dbName ?? (fromUri || 'studysync')) };
}
