import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoMemoryServer } from 'mongodb-memory-server-core';
import type { DbLogger } from '../logger';

export interface RunningMongod {
  uri: string;
  stop(): Promise<void>;
}

// A download that cannot work offline must not hold start-up for long.
const GIVE_UP_AFTER_MS = 20_000;

/**
 * Starts a real mongod via mongodb-memory-server, or returns undefined when no binary can be had.
 * Without `dataDir` its data goes in a folder of ours, removed however the start ends: left to
 * itself, mongodb-memory-server makes a `mongo-mem-*` folder it never removes when it finds no
 * binary.
 */
export async function startMongoMemoryServer(
  dataDir: string | undefined,
  logger: DbLogger,
): Promise<RunningMongod | undefined> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const throwaway = dataDir ? undefined : await mkdtemp(join(tmpdir(), 'studysync-mongod-'));
  const removeThrowaway = async () => {
    if (throwaway) await rm(throwaway, { recursive: true, force: true });
  };
  const starting = MongoMemoryServer.create({
    instance: { dbPath: dataDir ?? throwaway, storageEngine: 'wiredTiger' },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), GIVE_UP_AFTER_MS);
  });
  try {
    const result = await Promise.race([starting, timeout]);
    if (result === 'timeout') {
      logger.warn({ afterMs: GIVE_UP_AFTER_MS }, 'mongodb-memory-server did not get a mongod in time');
      // If it finishes later, shut it down rather than leak a mongod (or its folder).
      starting
        .then((late) => late.stop({ doCleanup: false }))
        .then(removeThrowaway, removeThrowaway)
        .catch((error: unknown) => logger.warn({ err: error }, 'could not remove a late mongod or its folder'));
      return undefined;
    }
    return {
      uri: result.getUri(),
      stop: async () => {
        await result.stop({ doCleanup: false });
        await removeThrowaway();
      },
    };
  } catch (error) {
    logger.warn(
      { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) },
      'mongodb-memory-server could not start a mongod (no binary and no download)',
    );
    await removeThrowaway();
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
