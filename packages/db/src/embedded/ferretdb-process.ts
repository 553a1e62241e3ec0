import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort } from './free-port';

export interface RunningFerretdb {
  uri: string;
  stop(): Promise<void>;
}

/**
 * Starts FerretDB on SQLite in `dataDir` on a free port. It runs under a tiny
 * shell watchdog that reads our stdin: when this process dies, even by SIGKILL,
 * the pipe closes and the watchdog kills FerretDB, so no orphan keeps the port.
 */
export async function startFerretdb(binary: string, dataDir: string): Promise<RunningFerretdb> {
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
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
  const watchdog = '"$0" "$@" </dev/null & pid=$!; read _ignored; kill "$pid" 2>/dev/null; wait "$pid"';
  const child = spawn('sh', ['-c', watchdog, binary, ...args], {
    stdio: ['pipe', log.fd, log.fd],
  });
  await log.close();

  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitUntilServing(uri, child);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { uri, stop: () => stopChild(child) };
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
