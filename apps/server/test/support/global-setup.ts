import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase, type DatabaseServer } from '@studysync/db';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/**
 * The server and browser projects run their global setups in one vitest process: they share
 * one engine, started by the first and stopped by the last teardown.
 */
const run = globalThis as typeof globalThis & {
  studysyncTestDatabase?: { server: Promise<DatabaseServer>; users: number };
};

function startDatabase(): Promise<DatabaseServer> {
  const logger = {
    info: (obj: object, msg?: string) => console.log(msg, obj),
    warn: (obj: object, msg?: string) => console.warn(msg, obj),
    error: (obj: object, msg?: string) => console.error(msg, obj),
  };
  return process.env.MONGODB_URI
    ? Promise.resolve({
        uri: process.env.MONGODB_URI,
        engine: 'external',
        alive: () => true,
        stop: async () => undefined,
      })
    : startEmbeddedDatabase({ logger });
}

/** One throwaway database engine for the run; every test file gets its own database on it. */
export async function setup(project: TestProject): Promise<void> {
  run.studysyncTestDatabase ??= { server: startDatabase(), users: 0 };
  run.studysyncTestDatabase.users += 1;
  project.provide('mongoUri', (await run.studysyncTestDatabase.server).uri);
}

export async function teardown(): Promise<void> {
  const shared = run.studysyncTestDatabase;
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  run.studysyncTestDatabase = undefined;
  await (await shared.server).stop();
}
