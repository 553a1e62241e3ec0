import { fileURLToPath } from 'node:url';
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import WebSocket from 'ws';
import { newStudent, studentClient, type StudentClient } from '../../test/support/client';
import { benchServerEnv } from '../shared/server-env';
import { eachLimited, startChild, type Child } from '../realtime/process-stats';
import type { TypingRouter } from './typing-router';

/** One server under test, its students connected two to a room, each holding its room's stream. */
export interface FanoutTarget {
  name: string;
  server: Child;
  /** The database's process (StudySync on the embedded database), for its CPU beside the server's. */
  databasePid: number | null;
  students: number;
  /** Typing hints delivered to any student's stream so far. */
  delivered(): number;
  /** When the last one arrived (performance.now()). */
  lastDeliveryAt(): number;
  /** Sends one typing hint as student `from`; resolves once acknowledged (false: refused). */
  send(from: number): Promise<boolean>;
  close(): Promise<void>;
}

const serverMain = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const baselineMain = fileURLToPath(new URL('./typing-server.ts', import.meta.url));

/** Counts deliveries for one target. */
function counter() {
  let count = 0;
  let last = 0;
  return {
    hit() {
      count += 1;
      last = performance.now();
    },
    delivered: () => count,
    lastDeliveryAt: () => last,
  };
}

/**
 * The real StudySync server in its own process, driven as the web app drives it: students sign up
 * and pair through the API (16 at a time, not measured), each holds `study.events` over wsLink and
 * sends `study.typing` over httpBatchLink with its cookie. The typing limit is raised so that the
 * bench measures the fan-out, not refusals.
 */
export async function studySyncTarget(options: {
  mongoUri: string;
  dbName: string;
  students: number;
  databasePid: () => Promise<number | null>;
}): Promise<FanoutTarget> {
  // BENCH_CPU_PROF_DIR=/tmp/prof: the server writes a CPU profile there as it exits.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const { child, match } = await startChild(
    serverMain,
    benchServerEnv(`${options.mongoUri}${options.dbName}`, { TYPING_PER_10S: '1000' }),
    /running at http:\/\/localhost:(\d+)/,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  try {
    const url = `http://127.0.0.1:${match}`;
    const indexes = Array.from({ length: options.students }, (_, index) => index);
    const clients: StudentClient[] = indexes.map(() => studentClient(url));
    await eachLimited(indexes, 16, async (index) => {
      await clients[index]?.api.auth.signup.mutate(newStudent(`f${index}_`));
    });
    const sessionOf: string[] = [];
    await eachLimited(indexes, 16, async (index) => {
      sessionOf[index] = (await clients[index]?.api.study.findPartner.mutate({ minutes: 90 }))?.id ?? '';
    });
    const members = new Map<string, number>();
    for (const id of sessionOf) members.set(id, (members.get(id) ?? 0) + 1);
    if ([...members.values()].some((count) => count !== 2)) throw new Error('StudySync: not everyone was paired');

    const count = counter();
    const subscriptions: { unsubscribe(): void }[] = [];
    await eachLimited(indexes, 32, async (index) => {
      const { api } = clients[index] as StudentClient;
      await new Promise<void>((resolve, reject) => {
        const stream = api.study.events.subscribe(
          { sessionId: sessionOf[index] ?? '' },
          {
            onData: ({ data }) => {
              if (data.type === 'state') resolve();
              else if (data.type === 'typing') count.hit();
            },
            onError: reject,
          },
        );
        subscriptions.push(stream);
      });
    });
    return {
      name: 'StudySync',
      server: child,
      databasePid: await options.databasePid(),
      students: options.students,
      ...count,
      async send(from) {
        try {
          await clients[from]?.api.study.typing.mutate({ sessionId: sessionOf[from] ?? '' });
          return true;
        } catch {
          return false;
        }
      },
      async close() {
        for (const subscription of subscriptions) subscription.unsubscribe();
        await Promise.all(clients.map((client) => client.close()));
        await child.stop();
      },
    };
  } catch (error) {
    // The server's own log says why a call failed (the client only gets a reference).
    console.error(`StudySync server's last output:\n${child.output().slice(-4000)}`);
    await child.stop();
    throw error;
  }
}

/**
 * The baseline (typing-server.ts) in its own process, its clients built like StudySync's (one
 * lazy wsLink client per student for the stream, httpBatchLink for the mutation).
 */
export async function baselineTarget(options: { students: number }): Promise<FanoutTarget> {
  const { child, match } = await startChild(baselineMain, {}, /listening on (\d+)/);
  const url = `http://127.0.0.1:${match}`;
  const count = counter();
  const indexes = Array.from({ length: options.students }, (_, index) => index);
  const clients = indexes.map(() => {
    const ws = createWSClient({
      url: `ws://127.0.0.1:${match}/trpc`,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      lazy: { enabled: true, closeMs: 0 },
    });
    const api = createTRPCClient<TypingRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: wsLink({ client: ws }),
          false: httpBatchLink({ url: `${url}/trpc` }),
        }),
      ],
    });
    return { api, ws };
  });
  const subscriptions: { unsubscribe(): void }[] = [];
  await eachLimited(indexes, 32, async (index) => {
    const { api } = clients[index] as (typeof clients)[number];
    await new Promise<void>((resolve, reject) => {
      subscriptions.push(
        api.events.subscribe(
          { room: `room${Math.floor(index / 2)}` },
          { onStarted: () => resolve(), onData: () => count.hit(), onError: reject },
        ),
      );
    });
  });
  return {
    name: 'bare tRPC',
    server: child,
    databasePid: null,
    students: options.students,
    ...count,
    async send(from) {
      try {
        await clients[from]?.api.typing.mutate({ room: `room${Math.floor(from / 2)}` });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      for (const { ws } of clients) await ws.close();
      await child.stop();
    },
  };
}
