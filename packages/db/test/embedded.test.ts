import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, expect, it, onTestFinished } from 'vitest';
import { connectDatabase, NO_DATABASE_MESSAGE, startEmbeddedDatabase } from '../src/connect';
import { resolveFerretdbBinary } from '../src/embedded/ferretdb-binary';
import { allIndexes } from '../src/all-indexes';
import { ensureIndexes } from '../src/indexes';

const logs: string[] = [];
const logger = {
  info: (_: object, msg?: string) => void logs.push(`info ${msg}`),
  warn: (_: object, msg?: string) => void logs.push(`warn ${msg}`),
  error: (_: object, msg?: string) => void logs.push(`error ${msg}`),
};
const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

let binary: string | undefined;
beforeAll(async () => {
  // Builds FerretDB into the cache on a machine that has none yet.
  binary = await resolveFerretdbBinary(logger);
}, 900_000);

it('finds or builds FerretDB 1.24', () => {
  expect(binary).toMatch(/ferretdb$/);
});

it('starts a throwaway database that keeps what is written while it runs', async () => {
  process.env['MONGOMS_RUNTIME_DOWNLOAD'] = 'false';
  const server = await startEmbeddedDatabase({ logger });
  try {
    expect(['ferretdb', 'mongodb-memory-server']).toContain(server.engine);
    expect(logs.some((line) => line.includes('Embedded database engine chosen'))).toBe(true);
    const { client, db } = await connectDatabase(server.uri, 'embedded_check');
    await db.collection('things').insertOne({ _id: 'a' as never, n: 1 });
    expect(await db.collection('things').findOne({})).toEqual({ _id: 'a', n: 1 });
    await client.close();
  } finally {
    await server.stop();
  }
});

it('keeps data across restarts in a data folder', async () => {
  process.env['MONGOMS_RUNTIME_DOWNLOAD'] = 'false';
  const dataDir = await mkdtemp(join(tmpdir(), 'studysync-persist-'));
  try {
    const first = await startEmbeddedDatabase({ dataDir, logger });
    let conn = await connectDatabase(first.uri, 'persist');
    await conn.db.collection('notes').insertOne({ text: 'still here' });
    await conn.client.close();
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir, logger });
    conn = await connectDatabase(second.uri, 'persist');
    expect(await conn.db.collection('notes').findOne({}, { projection: { _id: 0 } })).toEqual({ text: 'still here' });
    await conn.client.close();
    await second.stop();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

it('names the three ways to get a database when none can be had', async () => {
  process.env['MONGOMS_RUNTIME_DOWNLOAD'] = 'false';
  process.env['PATH'] = '';
  const emptyCache = await mkdtemp(join(tmpdir(), 'studysync-nocache-'));
  process.env['XDG_CACHE_HOME'] = emptyCache;
  try {
    await expect(startEmbeddedDatabase({ logger })).rejects.toThrow(NO_DATABASE_MESSAGE);
  } finally {
    await rm(emptyCache, { recursive: true, force: true });
  }
  expect(NO_DATABASE_MESSAGE).toMatch(/MONGODB_URI[\s\S]*mongodb-memory-server[\s\S]*FerretDB/);
});

it('FerretDB dies with the process that started it, even on SIGKILL', async () => {
  const script = fileURLToPath(new URL('./start-child.ts', import.meta.url));
  // One Node process (tsx as a loader, not a wrapper), so SIGKILL hits exactly the parent.
  const dataDir = await mkdtemp(join(tmpdir(), 'studysync-orphan-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', script, binary ?? '', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const uri = await new Promise<string>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
  );
  const port = Number(new URL(uri.replace('mongodb://', 'http://')).port);
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
  expect(await accepts()).toBe(true);
  child.kill('SIGKILL');
  await expect.poll(accepts, { timeout: 10_000, interval: 200 }).toBe(false);
});

it('creating the indexes again on restart is harmless', async () => {
  process.env['MONGOMS_RUNTIME_DOWNLOAD'] = 'false';
  const server = await startEmbeddedDatabase({ logger });
  try {
    const { client, db } = await connectDatabase(server.uri, 'indexes_twice');
    await ensureIndexes(db, allIndexes);
    await ensureIndexes(db, allIndexes);
    const names = (await db.collection('users').listIndexes().toArray()).map((index) => index['name']);
    expect(names).toEqual(expect.arrayContaining(['emailLower_unique', 'usernameLower_unique']));
    await client.close();
  } finally {
    await server.stop();
  }
});
