/**
 * The read path: `auth.me`, `study.current` and `progress.overview` on the real server, beside a
 * bare Node HTTP server answering the same bytes.
 *
 *   npm run bench -w @studysync/server -- reads [--connections=32] [--seconds=5] [--rounds=3]
 *     [--calls=auth.me,study.current,progress.overview]
 *
 * Starts the embedded database (or uses MONGODB_URI, in a throwaway database) and one StudySync
 * server in its own process, signs `connections` students up and pairs them through the API (not
 * measured), then records each call's response and starts the baseline with those bytes. In
 * interleaved rounds (per call: StudySync, bare Node), each of `connections` keep-alive
 * connections, one per student with its own cookie, sends the call in a closed loop for `seconds`.
 * Prints requests per second, the ratio to the baseline, p50/p99 latency and server (+ database)
 * CPU per request, medians of the rounds. Writes nothing into the repository.
 */
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedDatabase } from '@studysync/db';
import { newStudent, studentClient } from '../test/support/client';
import { databasePid } from './realtime/database-pid';
import { parseNumberOptions } from './shared/options';
import { machineLine } from './shared/machine';
import { benchServerEnv } from './shared/server-env';
import { cpuMicros, eachLimited, median, percentile, startChild, type Child } from './realtime/process-stats';

/** The calls measured, as the web app sends them (tRPC queries are GETs). */
const allCalls = ['auth.me', 'study.current', 'progress.overview'];

interface Options {
  connections: number;
  seconds: number;
  rounds: number;
  calls: string[];
}

function parseOptions(args: readonly string[]): Options {
  let calls = allCalls;
  const options = parseNumberOptions(args, { connections: 32, seconds: 5, rounds: 3 }, (arg) => {
    const picked = /^--calls=([\w.,]+)$/.exec(arg)?.[1]?.split(',');
    if (!picked?.every((call) => allCalls.includes(call))) return false;
    calls = picked;
    return true;
  });
  if (options.connections % 2 !== 0) throw new Error('--connections must be even (students are paired)');
  return { ...options, calls };
}

const pathOf = (call: string) => `/trpc/${call}`;

interface Server {
  name: string;
  port: number;
  pids: number[];
}

interface Round {
  perSecond: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  failed: number;
}

function get(agent: Agent, port: number, path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** Every connection sends `path` again as soon as the last answer arrived, for `seconds`. */
async function closedLoop(server: Server, path: string, cookies: readonly string[], seconds: number): Promise<Round> {
  const latencies: number[] = [];
  let failed = 0;
  const cpuBefore = server.pids.reduce((sum, pid) => sum + cpuMicros(pid), 0);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      while (performance.now() < until) {
        const at = performance.now();
        const { status } = await get(agent, server.port, path, cookie);
        latencies.push(performance.now() - at);
        if (status !== 200) failed += 1;
      }
      agent.destroy();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = server.pids.reduce((sum, pid) => sum + cpuMicros(pid), 0) - cpuBefore;
  return {
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerRequest: cpu / latencies.length,
    failed,
  };
}

const serverMain = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const bareMain = fileURLToPath(new URL('./reads/bare-json-server.ts', import.meta.url));

export async function run(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const { calls } = options;
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const loadBefore = loadavg();
  const dataDir = await mkdtemp(join(tmpdir(), 'studysync-bench-reads-'));
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ dataDir, logger: quiet });
  const mongoUri = (process.env.MONGODB_URI ?? embedded?.uri ?? '').replace(/\/?$/, '/');
  const children: Child[] = [];
  // BENCH_CPU_PROF_DIR=/tmp/prof: the StudySync server writes a CPU profile there as it exits.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  try {
    const { child, match: port } = await startChild(
      serverMain,
      benchServerEnv(`${mongoUri}bench_reads_${randomBytes(4).toString('hex')}`),
      /running at http:\/\/localhost:(\d+)/,
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    );
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    const students = Array.from({ length: options.connections }, () => studentClient(url));
    await eachLimited([...students.keys()], 16, async (index) => {
      await students[index]?.api.auth.signup.mutate(newStudent(`r${index}_`));
    });
    await eachLimited(students, 16, async (student) => {
      await student.api.study.findPartner.mutate({ minutes: 90 });
    });
    const cookies = students.map((student) => student.cookie() ?? '');
    await Promise.all(students.map((student) => student.close()));

    // The baseline answers each path with the bytes StudySync gave the first student.
    const probe = new Agent({ keepAlive: false });
    const bodies: Record<string, string> = {};
    for (const call of calls) {
      const { status, body } = await get(probe, Number(port), pathOf(call), cookies[0] ?? '');
      if (status !== 200) throw new Error(`${call} answered ${status}: ${body}`);
      bodies[pathOf(call)] = body;
    }
    const { child: bare, match: barePort } = await startChild(
      bareMain,
      { BENCH_BODIES: JSON.stringify(bodies) },
      /listening on (\d+)/,
    );
    children.push(bare);
    const dbPid = embedded ? await databasePid(dataDir) : null;
    const servers: Server[] = [
      { name: 'StudySync', port: Number(port), pids: [child.pid, ...(dbPid ? [dbPid] : [])] },
      { name: 'bare Node', port: Number(barePort), pids: [bare.pid] },
    ];

    const rounds = new Map<string, Round[]>();
    const key = (call: string, server: Server) => `${call} ${server.name}`;
    for (let round = 1; round <= options.rounds; round++) {
      for (const call of calls) {
        for (const server of servers) {
          const result = await closedLoop(server, pathOf(call), cookies, options.seconds);
          rounds.set(key(call, server), [...(rounds.get(key(call, server)) ?? []), result]);
          console.log(`round ${round}: ${call} on ${server.name}: ${Math.round(result.perSecond)}/s`);
        }
      }
    }

    const of = (call: string, server: Server, pick: (round: Round) => number) =>
      median((rounds.get(key(call, server)) ?? []).map(pick));
    const failed = (call: string, server: Server) =>
      (rounds.get(key(call, server)) ?? []).reduce((sum, round) => sum + round.failed, 0);
    const [studySync, bareNode] = servers as [Server, Server];
    console.log(
      `\n${options.connections} connections (one student each), ${options.seconds} s per call and server, medians of ` +
        `${options.rounds} interleaved rounds; database: ${embedded?.engine ?? 'MONGODB_URI'}; ${machineLine(loadBefore)}\n`,
    );
    console.log(
      '| call | StudySync req/s | bare Node req/s | ratio | StudySync p50 / p99 | bare Node p50 / p99 | ' +
        'CPU µs per request: StudySync + database / bare Node | failed |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const call of calls) {
      const rate = of(call, studySync, (r) => r.perSecond);
      const bareRate = of(call, bareNode, (r) => r.perSecond);
      const latency = (server: Server) =>
        `${of(call, server, (r) => r.p50).toFixed(1)} / ${of(call, server, (r) => r.p99).toFixed(1)} ms`;
      console.log(
        `| \`${call}\` | ${Math.round(rate)} | ${Math.round(bareRate)} | ${(rate / bareRate).toFixed(3)} | ` +
          `${latency(studySync)} | ${latency(bareNode)} | ${of(call, studySync, (r) => r.cpuPerRequest).toFixed(0)} / ${of(call, bareNode, (r) => r.cpuPerRequest).toFixed(0)} | ` +
          `${failed(call, studySync)} |`,
      );
    }
  } finally {
    for (const child of children) await child.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
