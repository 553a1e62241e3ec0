import { mkdir } from 'node:fs/promises';
import { MongoMemoryServer } from 'mongodb-memory-server-core';
import type { DbLogger } from '../logger';

export interface RunningMongod {
  uri: string;
  stop(): Promise<void>;
}

// A download that cannot work offline must not hold start-up for long.
const GIVE_UP_AFTER_MS = 20_000;

/** Starts a real mongod via mongodb-memory-server, or returns undefined when no binary can be had. */
export async function startMongoMemoryServer(
  dataDir: string | undefined,
  logger: DbLogger,
): Promise<RunningMongod | undefined> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const starting = MongoMemoryServer.create({
    instance: dataDir ? { dbPath: dataDir, storageEngine: 'wiredTiger' } : { storageEngine: 'wiredTiger' },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), GIVE_UP_AFTER_MS);
  });
  try {
    const result = await Promise.race([starting, timeout]);
    if (result === 'timeout') {
      logger.warn({ afterMs: GIVE_UP_AFTER_MS }, 'mongodb-memory-server did not get a mongod in time');
      // If it finishes later, shut it down rather than leak a mongod.
      starting.then(
        (late) => late.stop(),
        () => undefined,
      );
      return undefined;
    }
    return { uri: result.getUri(), stop: async () => void (await result.stop({ doCleanup: !dataDir })) };
  } catch (error) {
    logger.warn(
      { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) },
      'mongodb-memory-server could not start a mongod (no binary and no download)',
    );
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
