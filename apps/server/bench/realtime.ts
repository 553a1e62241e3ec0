/**
 * Realtime fan-out: chat in rooms of two, on the real server and on two baselines.
 *
 *   npm run bench -- realtime
 *   npm run bench -w @studysync/server -- realtime [--students=1000] [--rounds=3] [--window=32]
 *     [--perStudent=1] [--rate=5|half] [--seconds=4] [--load=0] [--idle=10]
 *     [--targets=studysync,redis,ws,persisted,socketio]
 *
 * Starts the embedded database (or uses MONGODB_URI, in a throwaway database) and a redis-server
 * of its own on a free port, then four servers, each in its own process: StudySync with the
 * in-process bus, StudySync with the Redis bus, a bare `ws` server and socket.io 4.8 (rooms of
 * two, the same number of connections, a payload shaped like a stored chat event). StudySync's
 * students sign up and pair through the API and hold `account.events` and `study.events` over
 * wsLink; chat goes through `study.sendMessage`. With everyone connected, `idle` seconds of
 * silence give each server's (and the database's) idle CPU. Then, in rounds (A B C D, A B C D, …):
 *   - saturation: every student sends `perStudent` messages, `window` in flight at once;
 *     deliveries per second until the last one arrived, and server CPU per delivery;
 *   - latency: `rate` messages a second for `seconds`; p50/p99 from send to the partner's stream.
 *     `--rate=half`: half of StudySync's (in-process bus) saturation in that round, in messages a
 *     second (deliveries ÷ 2), for every target of the round (issue 13 states its p99 there).
 *     Each student sends `perStudent` messages in the saturation phase and rate × seconds ÷ students
 *     after: the chat limit is raised for the benchmark so the phases are not refused.
 * Every message must reach both members of its room (the sender's own stream too); what does not
 * is counted as lost. Figures are medians over the rounds. Writes nothing into the repository.
 */
import { loadavg, tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '@studysync/db';
import { startTestRedis } from '../test/support/redis';
import { databasePid } from './realtime/database-pid';
import { parseNumberOptions } from './shared/options';
import { cpuMicros, percentile } from './realtime/process-stats';
import { printTable, type Round } from './realtime/report';
import { countRoundTrips, printRoundTrips } from './realtime/round-trips';
import { socketIoTarget, studySyncTargets, wsTarget, type Target } from './realtime/targets';

interface Options {
  students: number;
  rounds: number;
  window: number;
  perStudent: number;
  /** Messages a second in the latency phase; 0: half of StudySync's saturation (`--rate=half`). */
  rate: number;
  seconds: number;
  /** 0: only count database round trips per call, skip the load. */
  load: number;
  /** Seconds of no activity, every stream open, before the rounds: each server's idle CPU. */
  idle: number;
  /** Which servers run (`--targets=studysync,ws,…`); all by default. */
  targets: readonly TargetName[];
}

const allTargets = ['studysync', 'redis', 'ws', 'persisted', 'socketio'] as const;
type TargetName = (typeof allTargets)[number];

function parseOptions(args: readonly string[]): Options {
  let half = false;
  let targets: readonly TargetName[] = allTargets;
  const options = parseNumberOptions<Omit<Options, 'targets'>>(
    args,
    { students: 1_000, rounds: 3, window: 32, perStudent: 1, rate: 5, seconds: 4, load: 1, idle: 10 },
    (arg) => {
      if (arg === '--rate=half') return (half = true);
      const picked = /^--targets=([\w,]+)$/.exec(arg)?.[1]?.split(',');
      if (!picked?.every((name): name is TargetName => (allTargets as readonly string[]).includes(name))) return false;
      targets = picked;
      return true;
    },
  );
  if (options.students % 2 !== 0) throw new Error('--students must be even (rooms of two)');
  if (options.rate <= 0) throw new Error('--rate must be positive (or half)');
  if (half) options.rate = 0;
  return { ...options, targets };
}

/** The bench's own process holds every student's socket to each target at once (one per student per server). */
function checkOpenFileLimit(options: Options): void {
  const limit = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
  const needed = options.students * options.targets.length + 1_000;
  if (needed > limit)
    throw new Error(
      `${options.students} students on ${options.targets.length} targets need about ${needed} open files here, ` +
        `over this process's limit of ${limit}: pick fewer with --targets= (of ${allTargets.join(',')}) or raise \`ulimit -n\``,
    );
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

async function saturate(target: Target, options: Options): Promise<Omit<Round, 'rate' | 'p50' | 'p99'>> {
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

async function steadyRate(
  target: Target,
  options: Options,
  rate: number,
): Promise<Pick<Round, 'rate' | 'p50' | 'p99' | 'lost' | 'refused'>> {
  const count = Math.max(1, Math.round(rate * options.seconds));
  const latencies: number[] = [];
  const messages: Sent[] = [];
  const sends: Promise<void>[] = [];
  let refused = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
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
  return { rate, p50: percentile(latencies, 50), p99: percentile(latencies, 99), lost, refused };
}

export async function run(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  checkOpenFileLimit(options);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const loadBefore = loadavg();
  const dataDir = await mkdtemp(join(tmpdir(), 'studysync-bench-realtime-'));
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ dataDir, logger: quiet });
  const mongoUri = (process.env.MONGODB_URI ?? embedded?.uri ?? '').replace(/\/?$/, '/');
  const redis = await startTestRedis();
  console.log(`Database (${embedded?.engine ?? 'MONGODB_URI'}) and Redis started`);
  const trips = await countRoundTrips(mongoUri);
  printRoundTrips(trips);
  if (!options.load) {
    await redis.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
    return;
  }
  const targets: Target[] = [];
  const memory = new Map<string, number>();
  try {
    const wanted = new Set(options.targets);
    const redisUrl = wanted.has('redis') ? redis.url : null;
    const make = [
      wanted.has('studysync') || redisUrl
        ? () => studySyncTargets({ mongoUri, dbName: dbName(), redisUrl, ...options, deliver })
        : null,
      wanted.has('ws') ? async () => [await wsTarget({ ...options, deliver })] : null,
      wanted.has('persisted')
        ? async () => [await wsTarget({ ...options, deliver, persisted: { mongoUri, dbName: dbName() } })]
        : null,
      wanted.has('socketio') ? async () => [await socketIoTarget({ ...options, deliver })] : null,
    ].filter((create) => create !== null);
    for (const create of make) {
      const setupStarted = performance.now();
      for (const target of await create()) {
        targets.push(target);
        memory.set(target.name, (target.rssAfter - target.rssBefore) / target.students);
        console.log(
          `${target.name}: ${target.students} students ready (${Math.round(performance.now() - setupStarted)} ms)`,
        );
      }
    }

    const idle = await idleCpu(targets, options.idle, embedded ? await databasePid(dataDir) : null);

    const rounds = new Map<string, Round[]>(targets.map((target) => [target.name, []]));
    for (let round = 1; round <= options.rounds; round++) {
      // The first target is StudySync (in-process bus): with --rate=half its saturation sets the rate.
      let rate = options.rate;
      for (const target of targets) {
        const saturation = await saturate(target, options);
        if (!rate) rate = saturation.deliveriesPerSecond / 2 / 2;
        const steady = await steadyRate(target, options, rate);
        rounds.get(target.name)?.push({
          ...saturation,
          ...steady,
          lost: saturation.lost + steady.lost,
          refused: saturation.refused + steady.refused,
        });
        console.log(
          `round ${round}: ${target.name}: ${Math.round(saturation.deliveriesPerSecond)} deliveries/s, ` +
            `p99 ${steady.p99.toFixed(1)} ms at ${rate.toFixed(0)} msg/s`,
        );
      }
    }
    const rateLabel = options.rate ? `fixed ${options.rate} msg/s` : "half of StudySync's saturation";
    printTable(
      targets,
      rounds,
      { memory, idle },
      { ...options, rateLabel },
      loadBefore,
      embedded?.engine ?? 'MONGODB_URI',
    );
    printRoundTrips(trips);
  } finally {
    for (const target of targets) await target.close();
    await redis.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Each server's CPU, and the database's, over `seconds` with every student connected and silent: % of one core. */
async function idleCpu(
  targets: readonly Target[],
  seconds: number,
  dbPid: number | null,
): Promise<Map<string, number>> {
  const idle = new Map<string, number>();
  if (seconds <= 0) return idle;
  const pids = new Map<string, number>(targets.map((target) => [target.name, target.server.pid]));
  if (dbPid) pids.set('database', dbPid);
  const before = new Map([...pids].map(([name, pid]) => [name, cpuMicros(pid)]));
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  for (const [name, pid] of pids) idle.set(name, ((cpuMicros(pid) - (before.get(name) ?? 0)) / (seconds * 1e6)) * 100);
  console.log(
    `idle for ${seconds} s, every stream open: ${[...idle].map(([name, pct]) => `${name} ${pct.toFixed(1)} %`).join(', ')} of a core`,
  );
  return idle;
}

function dbName(): string {
  return `bench_rt_${randomBytes(4).toString('hex')}`;
}
