import {
  allCollections,
  allIndexes,
  connectDatabase,
  ensureCollections,
  ensureIndexes,
  startEmbeddedDatabase,
  type Database,
  type DatabaseEngine,
  type DatabaseServer,
} from '@studysync/db';
import type { ServerConfig } from './config';
import type { Logger } from './logger';

export interface OpenDatabase extends Database {
  engine: DatabaseEngine;
  /** False once the embedded engine died and could not be restarted: liveness fails. */
  alive(): boolean;
  close(): Promise<void>;
}

/** An explicit URI (tests), else MONGODB_URI, else the embedded default keeping data in DATA_DIR. */
export async function openDatabase(
  config: ServerConfig,
  logger: Logger,
  override?: { uri: string; dbName?: string },
): Promise<OpenDatabase> {
  let embedded: DatabaseServer | undefined;
  let uri = override?.uri ?? config.MONGODB_URI;
  let engine: DatabaseEngine = 'external';
  if (!uri) {
    embedded = await startEmbeddedDatabase({
      dataDir: config.DATA_DIR,
      logger,
      maxRestarts: config.EMBEDDED_DB_MAX_RESTARTS,
    });
    uri = embedded.uri;
    engine = embedded.engine;
  } else {
    logger.info({ engine }, 'Using the database at the given URI');
  }
  try {
    const database = await connectDatabase(uri, override?.dbName);
    await ensureCollections(database.db, allCollections);
    await ensureIndexes(database.db, allIndexes);
    return {
      ...database,
      engine,
      alive: () => embedded?.alive() ?? true,
      async close() {
        await database.client.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
