import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiters } from '../src/limits/rate-limiters';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'allowed',
    (error: unknown) => (error instanceof RateLimiterRes ? 'refused' : 'error'),
  );

describe('rate limiters', () => {
  it('in memory: a burst of consumes never takes more than the budget', async () => {
    const { chatMessages } = createRateLimiters({ settings: { chatMessages: { points: 3, windowMs: 10_000 } } });
    const results = await Promise.all(Array.from({ length: 20 }, () => outcome(chatMessages.consume('ada'))));
    expect(results.filter((result) => result === 'allowed')).toHaveLength(3);
    expect(results.filter((result) => result === 'refused')).toHaveLength(17);
  });

  describe('in Redis', () => {
    // The test's own redis-server on a free port, never the machine's.
    let redisServer: ChildProcess;
    let port: number;
    const clients: Redis[] = [];
    beforeAll(async () => {
      port = await freePort();
      redisServer = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      // ioredis retries until the server listens and queues the ping meanwhile.
      const probe = new Redis({ port });
      await probe.ping();
      probe.disconnect();
    });
    afterAll(() => {
      for (const client of clients) client.disconnect();
      redisServer.kill();
    });
    const replica = (keyPrefix: string) => {
      const redis = new Redis({ port });
      clients.push(redis);
      return createRateLimiters({ redis, keyPrefix, settings: { chatMessages: { points: 4, windowMs: 10_000 } } });
    };

    it('shares one budget between replicas, atomically', async () => {
      const [one, two] = [replica('shared'), replica('shared')];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) => outcome((index % 2 ? one : two).chatMessages.consume('ben'))),
      );
      expect(results.filter((result) => result === 'allowed')).toHaveLength(4);
      expect(results.filter((result) => result === 'refused')).toHaveLength(16);
    });
  });
});
