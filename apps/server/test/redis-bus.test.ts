import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEventBus, topics, type RealtimeEvent, type RedisEventBus } from '@studysync/api';
import { startTestRedis, type TestRedis } from './support/redis';

/** The Redis bus on its own, against a redis-server of the test's own. */
const logged: string[] = [];
const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (_: object, msg?: string) => void logged.push(msg ?? ''),
  error: (_: object, msg?: string) => void logged.push(msg ?? ''),
};

let redis: TestRedis;
let bus: RedisEventBus;
beforeAll(async () => {
  redis = await startTestRedis();
  bus = createRedisEventBus(redis.url, logger);
  // Both connections answer before the first test (ioredis emits `ready` on each).
  while (!bus.health().connected) await new Promise((resolve) => setTimeout(resolve, 20));
});
afterAll(async () => {
  await bus?.close();
  await redis?.stop();
});

describe('RedisEventBus', () => {
  it('holds a channel while any local listener wants it, and delivers each event once to each', async () => {
    const raw = redis.client();
    const channels = async () => ((await raw.pubsub('CHANNELS', 'studysync:*')) as string[]).sort();
    const topic = topics.user('aaaaaaaaaaaaaaaaaaaaaaaa');
    const first: RealtimeEvent[] = [];
    const second: RealtimeEvent[] = [];
    const one = bus.subscribe(topic, (event) => first.push(event));
    const two = bus.subscribe(topic, (event) => second.push(event));
    await Promise.all([one.ready, two.ready]);
    expect(await channels()).toEqual([`studysync:${topic}`]);

    await bus.publish(topic, { type: 'matchFound', sessionId: 's1' });
    await expect.poll(() => first.length).toBe(1);
    await expect.poll(() => second.length).toBe(1);

    one.unsubscribe();
    expect(await channels()).toEqual([`studysync:${topic}`]);
    await bus.publish(topic, { type: 'matchFound', sessionId: 's2' });
    await expect.poll(() => second.length).toBe(2);
    two.unsubscribe();
    await expect.poll(channels).toEqual([]);
    expect(first).toEqual([{ type: 'matchFound', sessionId: 's1' }]);
    expect(bus.health()).toMatchObject({ kind: 'redis', connected: true, published: 2, received: 2, dropped: 0 });
    expect(bus.topicNames()).toEqual([]);
  });

  it('tells every listener when the subscriber connection drops, and refuses new ones until Redis is back', async () => {
    const reasons: string[] = [];
    const subscription = bus.subscribe(
      topics.room('bbbbbbbbbbbbbbbbbbbbbbbb'),
      () => undefined,
      (reason) => reasons.push(reason),
    );
    await subscription.ready;
    await redis.kill();
    await expect.poll(() => reasons).toEqual(['Realtime connection lost; reconnect to catch up']);
    expect(bus.health().connected).toBe(false);
    await expect(bus.subscribe(topics.room('cccccccccccccccccccccccc'), () => undefined).ready).rejects.toThrow();
    // A publish while down is logged, not thrown: the write it announces stands.
    await bus.publish(topics.room('cccccccccccccccccccccccc'), { type: 'typing', userId: 'u' });
    expect(logged).toContain('Could not publish a realtime event to Redis');
    expect(bus.health().publishFailures).toBe(1);

    await redis.restart();
    await expect.poll(() => bus.health().connected, { timeout: 10_000 }).toBe(true);
    await bus.subscribe(topics.room('cccccccccccccccccccccccc'), () => undefined).ready;
  });
});
