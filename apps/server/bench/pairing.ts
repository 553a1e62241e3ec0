/**
 * A rush of students asking for a partner at once, on the real server.
 *
 *   npm run bench -- pairing [--students=1000] [--concurrency=16] [--minutes=90]
 *
 * Starts the embedded database (or uses MONGODB_URI, in a throwaway database) and one StudySync
 * server in its own process; signs `students` up through the API (not measured), then every
 * student calls `study.findPartner` with the same length, `concurrency` at a time. Prints
 * students paired per second, `findPartner` latency (p50/p99/max) and the CPU the server and the
 * database used per student. Checks that everyone ended up in a session of exactly two.
 * Writes nothing into the repository.
 */
import { loadavg, tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRPCClientError } from '@trpc/client';
import { startEmbeddedDatabase } from '@studysync/db';
import { newStudent, studentClient } from '../test/support/client';
import { databasePid } from './realtime/database-pid';
import { benchServerEnv } from './shared/server-env';
import { parseNumberOptions } from './shared/options';
import { machineLine } from './shared/machine';
import { cpuMicros, eachLimited, percentile, startChild } from './realtime/process-stats';

interface Options {
  students: number;
  concurrency: number;
  minutes: number;
}

function parseOptions(args: readonly string[]): Options {
  const options = parseNumberOptions<Options>(args, { students: 1_000, concurrency: 16, minutes: 90 });
  if (options.students % 2 !== 0) throw new Error('--students must be even (pairs)');
  if (![25, 50, 90].includes(options.minutes)) throw new Error('--minutes must be 25, 50 or 90');
  return options;
}

const serverMain = fileURLToPath(new URL('../src/main.ts', import.meta.url));

export async function run(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const loadBefore = loadavg();
  const dataDir = await mkdtemp(join(tmpdir(), 'studysync-bench-pairing-'));
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase({ dataDir, logger: quiet });
  const mongoUri = (process.env.MONGODB_URI ?? embedded?.uri ?? '').replace(/\/?$/, '/');
  const { child: server, match: port } = await startChild(
    serverMain,
    benchServerEnv(`${mongoUri}bench_pair_${randomBytes(4).toString('hex')}`),
    /running at http:\/\/localhost:(\d+)/,
  );
  try {
    const url = `http://127.0.0.1:${port}`;
    const indexes = Array.from({ length: options.students }, (_, index) => index);
    const clients = indexes.map(() => studentClient(url));
    await eachLimited(indexes, 16, async (index) => {
      await clients[index]?.api.auth.signup.mutate(newStudent(`p${index}_`));
    });
    console.log(`${options.students} students signed up; pairing, ${options.concurrency} at a time`);
    const dbPid = embedded ? await databasePid(dataDir) : null;
    const serverCpu = cpuMicros(server.pid);
    const dbCpu = dbPid ? cpuMicros(dbPid) : 0;
    const latencies: number[] = [];
    const sessionOf: string[] = [];
    const started = performance.now();
    let refused = 0;
    await eachLimited(indexes, options.concurrency, async (index) => {
      // A student told "busy, try again" (TOO_MANY_REQUESTS) tries again, as the web app lets them.
      for (;;) {
        const at = performance.now();
        try {
          const session = await clients[index]?.api.study.findPartner.mutate({
            minutes: options.minutes as 25 | 50 | 90,
          });
          latencies.push(performance.now() - at);
          sessionOf[index] = session?.id ?? '';
          return;
        } catch (error) {
          latencies.push(performance.now() - at);
          if (!(error instanceof TRPCClientError) || error.data?.code !== 'TOO_MANY_REQUESTS') throw error;
          refused += 1;
        }
      }
    });
    const elapsedMs = performance.now() - started;
    const serverUsed = cpuMicros(server.pid) - serverCpu;
    const dbUsed = dbPid ? cpuMicros(dbPid) - dbCpu : NaN;
    const members = new Map<string, number>();
    for (const id of sessionOf) members.set(id, (members.get(id) ?? 0) + 1);
    const wrong = [...members.values()].filter((count) => count !== 2).length;
    await Promise.all(clients.map((client) => client.close()));
    const n = options.students;
    console.log(
      `\n${n} students, ${options.concurrency} at a time, ${options.minutes}-minute sessions; database: ` +
        `${embedded?.engine ?? 'MONGODB_URI'}; ${machineLine(loadBefore)}\n`,
    );
    const rows: [string, string][] = [
      ['students paired per second', (n / (elapsedMs / 1000)).toFixed(0)],
      ['time to pair everyone', `${Math.round(elapsedMs)} ms`],
      ['findPartner p50', `${percentile(latencies, 50).toFixed(1)} ms`],
      ['findPartner p99', `${percentile(latencies, 99).toFixed(1)} ms`],
      ['findPartner max', `${percentile(latencies, 100).toFixed(1)} ms`],
      ['server CPU per student', `${(serverUsed / n).toFixed(0)} µs`],
      ['database CPU per student', Number.isNaN(dbUsed) ? 'n/a' : `${(dbUsed / n).toFixed(0)} µs`],
      ['findPartner calls refused as busy (retried)', String(refused)],
      ['sessions not of exactly two', String(wrong)],
    ];
    console.log('| pairing | StudySync |\n| --- | ---: |');
    for (const [label, value] of rows) console.log(`| ${label} | ${value} |`);
    if (wrong > 0) process.exitCode = 1;
  } finally {
    await server.stop();
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
