/**
 * Fan-out alone: `study.typing` (which stores nothing) on the real server, beside a bare tRPC v11
 * server doing the same transport work (fanout/typing-server.ts).
 *
 *   npm run bench -w @studysync/server -- fanout [--students=200] [--rounds=3] [--window=32]
 *     [--perStudent=5]
 *
 * Starts the embedded database (or uses MONGODB_URI, in a throwaway database), StudySync and the
 * baseline, each in its own process. StudySync's students sign up and pair through the API (not
 * measured) and hold `study.events` over wsLink; the baseline's hold its `events` stream, rooms of
 * two alike. Both send typing hints over httpBatchLink. After one unmeasured round each (to warm
 * up), in interleaved rounds (A B, A B, …), saturation: every student sends `perStudent` hints, `window` in flight at once. Each accepted
 * hint must reach both members' streams (the sender's own too: StudySync neither throttles nor
 * drops repeats, only its rate limit refuses, raised here); what does not is counted as lost.
 * Prints deliveries per second and server CPU per delivery (StudySync's database apart), medians
 * of the rounds, and the ratio. Writes nothing into the repository.
 */
import { loadavg, tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '@studysync/db';
import { databasePid } from './realtime/database-pid';
import { parseNumberOptions } from './shared/options';
import { machineLine } from './shared/machine';
import { cpuMicros, median } from './realtime/process-stats';
import { baselineTarget, studySyncTarget, type FanoutTarget } from './fanout/targets';

interface Options {
  students: number;
  rounds: number;
  window: number;
  perStudent: number;
}

function parseOptions(args: readonly string[]): Options {
  const options = parseNumberOptions<Options>(args, { students: 200, rounds: 3, window: 32, perStudent: 5 });
  if (options.students % 2 !== 0) throw new Error('--students must be even (rooms of two)');
  // StudySync's typing limit (raised to its maximum, 1 000 per 10 s) must not refuse any.
  if (options.perStudent * (options.rounds + 1) > 1_000)
    throw new Error('--perStudent × (--rounds + 1) must be ≤ 1000');
  return options;
}

interface Round {
  deliveriesPerSecond: number;
  serverCpuPerDelivery: number;
  databaseCpuPerDelivery: number;
  lost: number;
  refused: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `expected` deliveries arrived, or 10 s passed without progress; returns what is missing. */
async function drain(target: FanoutTarget, expected: number): Promise<number> {
  let last = target.delivered();
  let quietSince = performance.now();
  while (last < expected && performance.now() - quietSince < 10_000) {
    await sleep(20);
    const now = target.delivered();
    if (now > last) quietSince = performance.now();
    last = now;
  }
  return Math.max(0, expected - last);
}

async function saturate(target: FanoutTarget, options: Options): Promise<Round> {
  const total = target.students * options.perStudent;
  const deliveredBefore = target.delivered();
  let accepted = 0;
  let refused = 0;
  let next = 0;
  const cpu = () => cpuMicros(target.server.pid);
  const databaseCpu = () => (target.databasePid ? cpuMicros(target.databasePid) : 0);
  const [serverBefore, databaseBefore] = [cpu(), databaseCpu()];
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const from = next++ % target.students;
      if (await target.send(from)) accepted += 1;
      else refused += 1;
    }
  };
  await Promise.all(Array.from({ length: options.window }, worker));
  const lost = await drain(target, deliveredBefore + accepted * 2);
  const delivered = target.delivered() - deliveredBefore;
  const elapsedMs = target.lastDeliveryAt() - started;
  return {
    deliveriesPerSecond: delivered / (elapsedMs / 1000),
    serverCpuPerDelivery: (cpu() - serverBefore) / delivered,
    databaseCpuPerDelivery: (databaseCpu() - databaseBefore) / delivered,
    lost,
    refused,
  };
}

export async function run(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const loadBefore = loadavg();
  const dataDir = await mkdtemp(join(tmpdir(), 'studysync-bench-fanout-'));
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ dataDir, logger: quiet });
  const mongoUri = (process.env.MONGODB_URI ?? embedded?.uri ?? '').replace(/\/?$/, '/');
  const targets: FanoutTarget[] = [];
  try {
    const setupStarted = performance.now();
    targets.push(
      await studySyncTarget({
        mongoUri,
        dbName: `bench_fanout_${randomBytes(4).toString('hex')}`,
        students: options.students,
        databasePid: () => (embedded ? databasePid(dataDir) : Promise.resolve(null)),
      }),
    );
    targets.push(await baselineTarget(options));
    console.log(`${options.students} students ready on both (${Math.round(performance.now() - setupStarted)} ms)`);

    // One unmeasured round each first: the JIT warms up on the code paths being measured.
    for (const target of targets) await saturate(target, options);
    const rounds = new Map<string, Round[]>(targets.map((target) => [target.name, []]));
    for (let round = 1; round <= options.rounds; round++) {
      for (const target of targets) {
        const result = await saturate(target, options);
        rounds.get(target.name)?.push(result);
        console.log(
          `round ${round}: ${target.name}: ${Math.round(result.deliveriesPerSecond)} deliveries/s, ` +
            `${result.serverCpuPerDelivery.toFixed(0)} µs server CPU per delivery`,
        );
      }
    }
    printTable(targets, rounds, options, loadBefore, embedded?.engine ?? 'MONGODB_URI');
  } finally {
    for (const target of targets) await target.close();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function printTable(
  targets: readonly FanoutTarget[],
  rounds: Map<string, Round[]>,
  options: Options,
  loadBefore: number[],
  engine: string,
): void {
  const of = (target: FanoutTarget, pick: (round: Round) => number) =>
    median((rounds.get(target.name) ?? []).map(pick));
  const sum = (target: FanoutTarget, pick: (round: Round) => number) =>
    (rounds.get(target.name) ?? []).reduce((total, round) => total + pick(round), 0);
  const baseline = targets.find((target) => target.name === 'bare tRPC');
  const baseCpu = baseline ? of(baseline, (r) => r.serverCpuPerDelivery) : NaN;
  const baseRate = baseline ? of(baseline, (r) => r.deliveriesPerSecond) : NaN;
  const fixed = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
  const n = options.students;
  console.log(
    `\n${n} students (${n / 2} rooms of two), typing hints over httpBatchLink, streams over wsLink; medians of ` +
      `${options.rounds} interleaved rounds; saturation: ${options.perStudent} hints per student, ` +
      `${options.window} in flight; database: ${engine}; ${machineLine(loadBefore)}\n`,
  );
  console.log(
    '| server | deliveries/s | ratio to bare tRPC | server CPU µs per delivery | ratio to bare tRPC | ' +
      'database CPU µs per delivery | lost | refused |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const target of targets) {
    const rate = of(target, (r) => r.deliveriesPerSecond);
    const cpu = of(target, (r) => r.serverCpuPerDelivery);
    const database = target.databasePid ? fixed(of(target, (r) => r.databaseCpuPerDelivery)) : 'n/a';
    console.log(
      `| ${target.name} | ${Math.round(rate).toLocaleString('en')} | ${(rate / baseRate).toFixed(3)} | ` +
        `${fixed(cpu)} | ${(cpu / baseCpu).toFixed(2)} | ${database} | ${sum(target, (r) => r.lost)} | ` +
        `${sum(target, (r) => r.refused)} |`,
    );
  }
}
