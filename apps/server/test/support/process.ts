import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * `npm start`'s entry point in a child process, with `env` added to this one's. Node loads
 * TypeScript through tsx's hook, so the child is the server itself and signals (SIGKILL too)
 * reach it, not a wrapper.
 */
export function spawnServer(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', main], { cwd: repoRoot, env: { ...process.env, ...env } });
}

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  port: number;
  /** Where its /metrics is served (a port of its own). */
  metricsUrl: string;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with its exit code. */
  exited: Promise<number | null>;
}

/** A real server process on a free port, on database `dbName` of the run's engine; resolves once it listens. */
export async function startServerProcess(dbName: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawnServer({
    PORT: '0',
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: `${inject('mongoUri')}${dbName}`,
    LOG_LEVEL: 'info',
    ...env,
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const { port, metricsUrl } = await new Promise<{ port: number; metricsUrl: string }>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at http:\/\/localhost:(\d+) \(metrics at (\S+)\/metrics\)/.exec(output);
      if (match?.[1] && match[2]) resolve({ port: Number(match[1]), metricsUrl: match[2] });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    exited.then((code) => reject(new Error(`The server exited early with ${code}: ${output}`)), reject);
  });
  return { child, url: `http://127.0.0.1:${port}`, port, metricsUrl, output: () => output, exited };
}
