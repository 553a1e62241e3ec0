import {
  allCollections,
  allIndexes,
  connectDatabase,
  ensureCollections,
  ensureIndexes,
  startEmbeddedDatabase,
  type CommandStartedEvent,
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
  /** Whether the database answers a ping, known within a second (readiness, metrics). */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOverride {
  uri: string;
  dbName?: string;
  /** Sees every command the driver sends: the realtime benchmark counts round trips per call. */
  onCommand?: (event: CommandStartedEvent) => void;
}

/** An explicit URI (tests), else MONGODB_URI, else the embedded default keeping data in DATA_DIR. */
export async function openDatabase(
  config: ServerConfig,
  logger: Logger,
  override?: DatabaseOverride,
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
    const database = await connectDatabase(uri, override?.dbName, override?.onCommand);
    await ensureCollections(database.db, allCollections);
    await ensureIndexes(database.db, allIndexes);
    return {
      ...database,
      engine,
      alive: () => embedded?.alive() ?? true,
      reachable: () => answersWithinASecond(database),
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

/** A ping bounded by the driver's timeout and, in case it waits on server selection, by a timer. */
function answersWithinASecond(database: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 1_000);
  });
  const ping = database.db
    .command({ ping: 1 }, { timeoutMS: 1_000 })
    .then(() => true)
    .catch(() => false);
  return Promise.race([ping, late]).finally(() => clearTimeout(timer));
}
