import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { DbLogger } from '../logger';
import { freePort } from './free-port';

export interface RunningFerretdb {
  uri: string;
  /** False once FerretDB died and could not be restarted: liveness should fail. */
  alive(): boolean;
  stop(): Promise<void>;
}

export interface SupervisionOptions {
  logger: DbLogger;
  /** Restarts tried in a row (with a doubling delay from 250 ms) before giving up. */
  maxRestarts?: number;
}

/**
 * Starts FerretDB on SQLite in `dataDir` on a free port, and restarts it on the same port if it
 * dies (the driver reconnects by itself). It runs under a tiny shell watchdog that also reads our
 * stdin: when this process dies, even by SIGKILL, the pipe closes and the watchdog kills
 * FerretDB, so no orphan keeps the port. The watchdog writes FerretDB's pid to `ferretdb.pid`.
 */
export async function startFerretdb(
  binary: string,
  dataDir: string,
  { logger, maxRestarts = 5 }: SupervisionOptions,
): Promise<RunningFerretdb> {
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const uri = `mongodb://127.0.0.1:${port}/`;
  let child = await launch(binary, dataDir, port, uri);
  let stopping = false;
  let gaveUp = false;

  const restart = async (attempt: number): Promise<void> => {
    if (stopping) return;
    if (attempt > maxRestarts) {
      gaveUp = true;
      logger.error({ attempts: maxRestarts }, 'The embedded database could not be restarted; liveness now fails');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** (attempt - 1), 10_000)));
    if (stopping) return;
    try {
      child = await launch(binary, dataDir, port, uri);
      supervise(child);
      logger.warn({ attempt }, 'The embedded database was restarted');
    } catch (error) {
      logger.error({ err: error, attempt }, 'Restarting the embedded database failed');
      await restart(attempt + 1);
    }
  };
  const supervise = (running: ChildProcess) =>
    running.once('exit', (code, signal) => {
      running.stdin?.end();
      if (stopping) return;
      logger.error({ code, signal }, 'The embedded database exited; restarting it');
      restart(1).catch((error: unknown) => logger.error({ err: error }, 'Supervising the embedded database failed'));
    });
  supervise(child);

  return {
    uri,
    alive: () => !gaveUp,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

async function launch(binary: string, dataDir: string, port: number, uri: string): Promise<ChildProcess> {
  const log = await open(join(dataDir, 'ferretdb.log'), 'a');
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  // FerretDB in the background; a reader of our stdin kills it when the pipe closes; the shell
  // waits for FerretDB, so its exit (a crash) is the shell's exit, which the supervisor sees.
  const watchdog = [
    '"$0" "$@" </dev/null & pid=$!',
    'echo "$pid" > "$FERRETDB_PID_FILE"',
    // A background job's stdin is /dev/null: hand it ours as fd 3.
    'exec 3<&0',
    '(read _ignored <&3; kill "$pid" 2>/dev/null) &',
    'wait "$pid"',
  ].join('\n');
  const child = spawn('sh', ['-c', watchdog, binary, ...args], {
    stdio: ['pipe', log.fd, log.fd],
    env: { ...process.env, FERRETDB_PID_FILE: join(dataDir, 'ferretdb.pid') },
  });
  await log.close();
  try {
    await waitUntilServing(uri, child);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return child;
}

async function waitUntilServing(uri: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `FerretDB exited with code ${child.exitCode} during start-up (see ferretdb.log in its data folder)`,
      );
    }
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, directConnection: true });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`FerretDB did not start serving within 30 s: ${String(lastError)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
  });
}
