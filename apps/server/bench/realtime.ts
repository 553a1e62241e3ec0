/**
 * Realtime fan-out: chat in rooms of two, on the real server and on two baselines.
 *
 *   npm run bench -- realtime
 *   npm run bench -w @studysync/server -- realtime [--students=1000] [--rounds=3] [--window=32]
 *     [--perStudent=1] [--rate=5] [--seconds=4] [--load=0]
 *
 * Starts the embedded database (or uses MONGODB_URI, in a throwaway database) and a redis-server
 * of its own on a free port, then four servers, each in its own process: StudySync with the
 * in-process bus, StudySync with the Redis bus, a bare `ws` server and socket.io 4.8 (rooms of
 * two, the same number of connections, a payload shaped like a stored chat event). StudySync's
 * students sign up and pair through the API and hold `account.events` and `study.events` over
 * wsLink; chat goes through `study.sendMessage`. Then, in rounds (A B C D, A B C D, …):
 *   - saturation: every student sends `perStudent` messages, `window` in flight at once;
 *     deliveries per second until the last one arrived, and server CPU per delivery;
 *   - latency: `rate` messages a second (well under saturation) for `seconds`; p50/p99 from
 *     send to the partner's stream.
 * Every message must reach both members of its room (the sender's own stream too); what does not
 * is counted as lost. Figures are medians over the rounds. Writes nothing into the repository.
 */
import { cpus, loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { startEmbeddedDatabase } from '@studysync/db';
import { startTestRedis } from '../test/support/redis';
import { cpuMicros, median, percentile, rssBytes } from './realtime/process-stats';
import { countRoundTrips, printRoundTrips } from './realtime/round-trips';
import { socketIoTarget, studySyncTargets, wsTarget, type Target } from './realtime/targets';

interface Options {
  students: number;
  rounds: number;
  window: number;
  perStudent: number;
  rate: number;
  seconds: number;
  /** 0: only count database round trips per call, skip the load. */
  load: number;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { students: 1_000, rounds: 3, window: 32, perStudent: 1, rate: 5, seconds: 4, load: 1 };
  for (const arg of args) {
    const match = /^--(\w+)=(\d+)$/.exec(arg);
    const key = match?.[1] as keyof Options | undefined;
    if (!match || !key || !(key in options))
      throw new Error(`Unknown option ${arg} (known: ${Object.keys(options).join(', ')})`);
    options[key] = Number(match[2]);
  }
  if (options.students % 2 !== 0) throw new Error('--students must be even (rooms of two)');
  return options;
}

interface Sent {
  from: number;
  at: number;
  received: number;
  latency?: number[];
}

/** Every message in flight or delivered, by its (unique) text. */
const sent = new Map<string, Sent>();
let lastDeliveryAt = 0;
function deliver(student: number, text: string): void {
  const message = sent.get(text);
  if (!message) return;
  message.received += 1;
  lastDeliveryAt = performance.now();
  if (student !== message.from) message.latency?.push(lastDeliveryAt - message.at);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;
const textFor = (target: string) => `${target.slice(0, 4)}-${(counter++).toString().padStart(8, '0')}-bench chat text`;

/** Waits until every acknowledged message reached both members, or 10 s passed without progress. */
async function drain(messages: readonly Sent[]): Promise<number> {
  const missing = () => messages.reduce((sum, message) => sum + Math.max(0, 2 - message.received), 0);
  let last = missing();
  let quietSince = performance.now();
  while (last > 0 && performance.now() - quietSince < 10_000) {
    await sleep(50);
    const now = missing();
    if (now < last) quietSince = performance.now();
    last = now;
  }
  return last;
}

interface Round {
  deliveriesPerSecond: number;
  cpuPerDelivery: number;
  p50: number;
  p99: number;
  lost: number;
  refused: number;
}

async function saturate(target: Target, options: Options): Promise<Omit<Round, 'p50' | 'p99'>> {
  const total = target.students * options.perStudent;
  const messages: Sent[] = [];
  let refused = 0;
  let next = 0;
  const cpuBefore = cpuMicros(target.server.pid);
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const from = next++ % target.students;
      const text = textFor(target.name);
      const message: Sent = { from, at: performance.now(), received: 0 };
      sent.set(text, message);
      if (await target.send(from, text)) messages.push(message);
      else refused += 1;
    }
  };
  await Promise.all(Array.from({ length: options.window }, worker));
  const lost = await drain(messages);
  const delivered = messages.length * 2 - lost;
  const elapsedMs = lastDeliveryAt - started;
  const cpu = cpuMicros(target.server.pid) - cpuBefore;
  return { deliveriesPerSecond: delivered / (elapsedMs / 1000), cpuPerDelivery: cpu / delivered, lost, refused };
}

async function steadyRate(target: Target, options: Options): Promise<Pick<Round, 'p50' | 'p99' | 'lost' | 'refused'>> {
  const count = options.rate * options.seconds;
  const latencies: number[] = [];
  const messages: Sent[] = [];
  const sends: Promise<void>[] = [];
  let refused = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    // Spread over the rooms, away from the students who just sent at saturation.
    const from = (i * 7 + 1) % target.students;
    const text = textFor(target.name);
    const message: Sent = { from, at: performance.now(), received: 0, latency: latencies };
    sent.set(text, message);
    sends.push(
      target.send(from, text).then((ok) => {
        if (ok) messages.push(message);
        else refused += 1;
      }),
    );
  }
  await Promise.all(sends);
  const lost = await drain(messages);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), lost, refused };
}

export async function run(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const loadBefore = loadavg();
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ logger: quiet });
  const mongoUri = (process.env.MONGODB_URI ?? embedded?.uri ?? '').replace(/\/?$/, '/');
  const redis = await startTestRedis();
  console.log(`Database (${embedded?.engine ?? 'MONGODB_URI'}) and Redis started`);
  const trips = await countRoundTrips(mongoUri);
  printRoundTrips(trips);
  if (!options.load) {
    await redis.stop();
    await embedded?.stop();
    return;
  }
  const targets: Target[] = [];
  const memory = new Map<string, number>();
  try {
    const make = [
      () => studySyncTargets({ mongoUri, dbName: dbName(), redisUrl: redis.url, ...options, deliver }),
      async () => [await wsTarget({ ...options, deliver })],
      async () => [await wsTarget({ ...options, deliver, persisted: { mongoUri, dbName: dbName() } })],
      async () => [await socketIoTarget({ ...options, deliver })],
    ];
    for (const create of make) {
      const setupStarted = performance.now();
      for (const target of await create()) {
        targets.push(target);
        memory.set(target.name, (rssBytes(target.server.pid) - target.rssBefore) / target.students);
        console.log(
          `${target.name}: ${target.students} students ready (${Math.round(performance.now() - setupStarted)} ms)`,
        );
      }
    }

    const rounds = new Map<string, Round[]>(targets.map((target) => [target.name, []]));
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of targets) {
        const saturation = await saturate(target, options);
        const steady = await steadyRate(target, options);
        rounds.get(target.name)?.push({
          ...saturation,
          ...steady,
          lost: saturation.lost + steady.lost,
          refused: saturation.refused + steady.refused,
        });
        console.log(`round ${round}: ${target.name}: ${Math.round(saturation.deliveriesPerSecond)} deliveries/s`);
      }
    }
    printTable(targets, rounds, memory, options, loadBefore, embedded?.engine ?? 'MONGODB_URI');
    printRoundTrips(trips);
  } finally {
    for (const target of targets) await target.close();
    await redis.stop();
    await embedded?.stop();
  }
}

function dbName(): string {
  return `bench_rt_${randomBytes(4).toString('hex')}`;
}

function printTable(
  targets: readonly Target[],
  rounds: Map<string, Round[]>,
  memory: Map<string, number>,
  options: Options,
  loadBefore: number[],
  engine: string,
): void {
  const of = (target: Target, pick: (round: Round) => number) => median((rounds.get(target.name) ?? []).map(pick));
  const sum = (target: Target, pick: (round: Round) => number) =>
    (rounds.get(target.name) ?? []).reduce((total, round) => total + pick(round), 0);
  const raw = targets.find((target) => target.name === 'bare ws');
  const rawRate = raw ? of(raw, (round) => round.deliveriesPerSecond) : NaN;
  const floor = targets.find((target) => target.name.startsWith('persisted limit'));
  const floorRate = floor ? of(floor, (round) => round.deliveriesPerSecond) : NaN;
  const n = options.students;
  const rows: [string, (target: Target) => string][] = [
    ['deliveries/s at saturation', (t) => Math.round(of(t, (r) => r.deliveriesPerSecond)).toLocaleString('en')],
    ['ratio to bare ws', (t) => (of(t, (r) => r.deliveriesPerSecond) / rawRate).toFixed(3)],
    ['ratio to the persisted limit', (t) => (of(t, (r) => r.deliveriesPerSecond) / floorRate).toFixed(3)],
    ['server CPU µs per delivery', (t) => of(t, (r) => r.cpuPerDelivery).toFixed(0)],
    [`server memory per connection, ${n} students`, (t) => `${((memory.get(t.name) ?? 0) / 1024).toFixed(1)} KiB`],
    [`latency p50 at ${options.rate} msg/s`, (t) => `${of(t, (r) => r.p50).toFixed(1)} ms`],
    [`latency p99 at ${options.rate} msg/s`, (t) => `${of(t, (r) => r.p99).toFixed(1)} ms`],
    [`time to connect every student (StudySync: both streams)`, (t) => `${(t.connectMs / 1000).toFixed(1)} s`],
    [`time to pair ${n} students`, (t) => (t.pairMs === null ? 'n/a (joins a room)' : `${Math.round(t.pairMs)} ms`)],
    ['messages lost (all rounds)', (t) => String(sum(t, (r) => r.lost))],
    ['sends refused (all rounds)', (t) => String(sum(t, (r) => r.refused))],
  ];
  console.log(
    `\n${n} students (${n / 2} rooms of two), medians of ${options.rounds} interleaved rounds; ` +
      `saturation: ${options.perStudent} messages per student, ${options.window} in flight; database: ${engine}; ` +
      `${cpus().length} CPUs, load average before ${loadBefore.map((value) => value.toFixed(2)).join(' ')}, ` +
      `after ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}\n`,
  );
  console.log(`| | ${targets.map((target) => target.name).join(' | ')} |`);
  console.log(`| --- | ${targets.map(() => '---:').join(' | ')} |`);
  for (const [label, cell] of rows) console.log(`| ${label} | ${targets.map(cell).join(' | ')} |`);
}
