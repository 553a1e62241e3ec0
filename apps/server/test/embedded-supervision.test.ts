import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';

// A server on its own embedded FerretDB (no MONGODB_URI), which these tests kill.
let server: RunningServer | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  server = dataDir = undefined;
});

async function startOnEmbedded(logLines: string[]) {
  dataDir = await mkdtemp(join(tmpdir(), 'studysync-supervised-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    EMBEDDED_DB_MAX_RESTARTS: '3',
  });
  server = await startServer({
    config,
    logger: createLogger(config, { write: (line: string) => void logLines.push(line) }),
  });
  return server;
}

/** Kills the embedded FerretDB (not its watchdog) as a crash would. */
async function killFerretdb(dir: string): Promise<void> {
  const pid = Number((await readFile(join(dir, 'ferretdb', 'ferretdb.pid'), 'utf8')).trim());
  process.kill(pid, 'SIGKILL');
}

const status = async (url: string) => (await fetch(url)).status;

it('restarts the embedded database when it dies, logs it, and is ready again', async () => {
  const logLines: string[] = [];
  const { url } = await startOnEmbedded(logLines);
  expect(await status(`${url}/readyz`)).toBe(200);
  await killFerretdb(dataDir ?? '');
  await expect
    .poll(() => logLines.some((line) => line.includes('The embedded database was restarted')), {
      timeout: 30_000,
      interval: 200,
    })
    .toBe(true);
  await expect.poll(() => status(`${url}/readyz`), { timeout: 10_000, interval: 200 }).toBe(200);
  expect(await status(`${url}/healthz`)).toBe(200);
  expect(logLines.some((line) => line.includes('The embedded database exited; restarting it'))).toBe(true);
}, 60_000);

it('fails liveness when the embedded database cannot come back', async () => {
  const logLines: string[] = [];
  const { url } = await startOnEmbedded(logLines);
  await killFerretdb(dataDir ?? '');
  // Its data folder is gone and a file stands in its place, so every restart fails.
  const folder = join(dataDir ?? '', 'ferretdb');
  await rm(folder, { recursive: true, force: true });
  await writeFile(folder, 'not a folder');
  await expect.poll(() => status(`${url}/healthz`), { timeout: 40_000, interval: 250 }).toBe(503);
  expect(logLines.some((line) => line.includes('could not be restarted; liveness now fails'))).toBe(true);
}, 60_000);
