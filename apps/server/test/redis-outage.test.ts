import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedUpStudent, studentClient, type StudentClient } from './support/client';
import { spawnServer, startServerProcess, type ServerProcess } from './support/process';
import { startTestRedis, type TestRedis } from './support/redis';
import { openResilientStream } from './support/resilient';

/**
 * Losing Redis, or a replica, loses nothing: streams end with a reason, their clients come back
 * with `lastEventId` and the database fills in what the bus could not carry.
 */
let redis: TestRedis;
const servers: ServerProcess[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGTERM');
  await Promise.all(servers.map((server) => server.exited));
  await redis?.stop();
});

async function replicas(count: number): Promise<ServerProcess[]> {
  const dbName = `outage_${randomUUID().slice(0, 8)}`;
  const env = { REDIS_URL: redis.url };
  const first = await startServerProcess(dbName, env);
  const rest = await Promise.all(Array.from({ length: count - 1 }, () => startServerProcess(dbName, env)));
  servers.push(first, ...rest);
  return [first, ...rest];
}

const readiness = async (server: ServerProcess) => {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string } };
};

describe('configuration and start-up', () => {
  it('refuses a malformed REDIS_URL, naming it', async () => {
    const child = spawnServer({ PORT: '0', REDIS_URL: 'http://not-redis' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('REDIS_URL: must be a redis:// or rediss:// URL');
  });

  it('starts with Redis down, is live but not ready, and becomes ready when Redis answers', async () => {
    await redis.kill();
    const [server] = await replicas(1);
    if (!server) throw new Error('no server');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await readiness(server)).toEqual({ status: 503, body: { status: 'event bus unreachable' } });
    expect(await (await fetch(`${server.metricsUrl}/metrics`)).text()).toMatch(
      /^studysync_bus_connected\{kind="redis"\} 0$/m,
    );
    await redis.restart();
    await expect.poll(() => readiness(server), { timeout: 10_000 }).toEqual({ status: 200, body: { status: 'ready' } });
  });
});

describe('faults mid-session', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    [a, b] = (await replicas(2)) as [ServerProcess, ServerProcess];
  });

  async function splitPair() {
    const ada = await signedUpStudent(a.url, 'ada');
    const ben = await signedUpStudent(b.url, 'ben');
    await ada.api.study.findPartner.mutate({ minutes: 90 });
    const { id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 90 });
    return { ada, ben, sessionId };
  }

  const texts = (stream: ReturnType<typeof openResilientStream>) => stream.ofType('message').map((event) => event.text);

  it('Redis killed and restarted: every stream resumes, no message is lost or doubled', async () => {
    const { ada, ben, sessionId } = await splitPair();
    const benRoom = openResilientStream(() => ben, 'study.events', { sessionId });
    const benInbox = openResilientStream(() => ben, 'account.events', {});
    await benRoom.waitFor('state');
    await benInbox.waitFor('hello');
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'before' });
    await benRoom.waitFor('message');

    await redis.kill();
    // Each stream is ended with the reason, not left silently open.
    await expect.poll(() => benRoom.ends, { timeout: 10_000 }).toContain('SERVICE_UNAVAILABLE');
    await expect.poll(() => benInbox.ends, { timeout: 10_000 }).toContain('SERVICE_UNAVAILABLE');
    // Sends while Redis is down are stored (the database is the source of truth).
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'during 1' });
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'during 2' });
    expect((await readiness(a)).status).toBe(503);

    await redis.restart();
    await expect.poll(() => texts(benRoom), { timeout: 15_000 }).toEqual(['before', 'during 1', 'during 2']);
    await expect.poll(async () => (await readiness(b)).status, { timeout: 10_000 }).toBe(200);
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'after' });
    await expect.poll(() => texts(benRoom)).toEqual(['before', 'during 1', 'during 2', 'after']);
    // The personal stream came back too (a fresh hello after the outage).
    await expect.poll(() => benInbox.ofType('hello').length, { timeout: 15_000 }).toBeGreaterThan(1);
    expect(benRoom.final()).toBeNull();
    benRoom.stop();
    benInbox.stop();
  });

  it('a replica SIGKILLed: its clients reconnect to a survivor and miss nothing', async () => {
    const { ada, ben, sessionId } = await splitPair();
    let benClient: StudentClient = ben;
    const benRoom = openResilientStream(() => benClient, 'study.events', { sessionId });
    await benRoom.waitFor('state');
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'one' });
    await benRoom.waitFor('message');

    b.child.kill('SIGKILL');
    await b.exited;
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'two' });
    // The load balancer sends Ben's next connection to the survivor, with the same sign-in.
    benClient = studentClient(a.url, { cookie: ben.cookie() ?? '' });
    benRoom.restart();
    await expect.poll(() => texts(benRoom), { timeout: 15_000 }).toEqual(['one', 'two']);
    await ada.api.study.sendMessage.mutate({ sessionId, text: 'three' });
    await expect.poll(() => texts(benRoom)).toEqual(['one', 'two', 'three']);
    // And Ben can still talk from the survivor.
    await benClient.api.study.sendMessage.mutate({ sessionId, text: 'still here' });
    expect(benRoom.final()).toBeNull();
    benRoom.stop();
    await ada.close();
  });
});
