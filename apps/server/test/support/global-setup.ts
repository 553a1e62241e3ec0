import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase, type DatabaseServer } from '@studysync/db';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let database: DatabaseServer | undefined;

/** One throwaway database engine for the run; every test file gets its own database on it. */
export async function setup(project: TestProject): Promise<void> {
  const logger = {
    info: (obj: object, msg?: string) => console.log(msg, obj),
    warn: (obj: object, msg?: string) => console.warn(msg, obj),
    error: (obj: object, msg?: string) => console.error(msg, obj),
  };
  database = process.env.MONGODB_URI
    ? { uri: process.env.MONGODB_URI, engine: 'external', alive: () => true, stop: async () => undefined }
    : await startEmbeddedDatabase({ logger });
  project.provide('mongoUri', database.uri);
}

export async function teardown(): Promise<void> {
  await database?.stop();
}
