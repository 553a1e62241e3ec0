import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { startServer, type RunningServer } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { EventBus } from '@studysync/api';
import { connectDatabase, type CommandStartedEvent, type Database } from '@studysync/db';

export interface TestServer extends RunningServer {
  dbName: string;
}

/** A real server on a free port, on a fresh database of the run's engine. */
export async function startTestServer(
  options: {
    now?: () => Date;
    bus?: EventBus;
    dbName?: string;
    env?: Record<string, string>;
    /** Receives the server's log lines (JSON), e.g. to find an error by its reference. */
    logLines?: string[];
    /** Sees every command the server's database client sends (the driver's command monitoring). */
    onCommand?: (event: CommandStartedEvent) => void;
  } = {},
): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // The suite signs up hundreds of students from one address, quickly: a cheap hash (refused
    // in production, which keeps its own), no sign-up cap.
    ...(options.env?.['NODE_ENV'] === 'production' ? {} : { SCRYPT_LOG2_COST: '10' }),
    SIGNUPS_PER_ADDRESS_PER_HOUR: '100000',
    ...options.env,
  });
  const dbName = options.dbName ?? `test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const server = await startServer({
    config,
    logger: options.logLines
      ? createLogger(config, { write: (line: string) => void options.logLines?.push(line) })
      : createLogger(config),
    database: { uri: inject('mongoUri'), dbName, ...(options.onCommand ? { onCommand: options.onCommand } : {}) },
    ...(options.now ? { now: options.now } : {}),
    ...(options.bus ? { bus: options.bus } : {}),
  });
  return { ...server, dbName };
}

/** Direct database access, to check what was (not) written. */
export function openTestDatabase(dbName: string): Promise<Database> {
  return connectDatabase(inject('mongoUri'), dbName);
}
