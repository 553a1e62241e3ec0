import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { newStudent, studentClient, type StudentClient } from '../../test/support/client';
import { benchServerEnv } from '../shared/server-env';
import { eachLimited, rssBytes, startChild, type Child } from './process-stats';

/** Called for every chat message a student's stream delivers. */
export type Deliver = (student: number, text: string) => void;

/** One server under test with its students connected, two to a room. */
export interface Target {
  name: string;
  server: Child;
  students: number;
  /** Milliseconds to pair every student through the API (StudySync only). */
  pairMs: number | null;
  /** Milliseconds until every student's connection was open and ready (StudySync: both streams). */
  connectMs: number;
  /** The server's resident memory before any student connected. */
  rssBefore: number;
  /** …and right after every student's connection was open (before the next server's set-up). */
  rssAfter: number;
  /** Sends `text` as student `from`; resolves when the server acknowledged it (false: refused). */
  send(from: number, text: string): Promise<boolean>;
  close(): Promise<void>;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const serverMain = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

interface StudySyncOptions {
  mongoUri: string;
  dbName: string;
  /** Also a second server with the Redis bus at this URL; null: the in-process one only. */
  redisUrl: string | null;
  students: number;
  deliver: Deliver;
}

/**
 * The real StudySync server, twice, each in its own process on one database: with the
 * in-process bus and with the Redis bus. Driven as the web app drives it: students sign up and
 * pair through the API (on the first server, 16 at a time as in `bench pairing`), then each
 * student holds `account.events` and `study.events` over wsLink (one WebSocket per student) and
 * chats through `study.sendMessage`. Each server has students (and rooms) of its own, paired one
 * half after the other: the servers share the database but not a bus, so in a room they shared
 * each server's readers would see numbers the other took and read them from the log (as they
 * must on replicas), work a real deployment does not do.
 */
export async function studySyncTargets(options: StudySyncOptions): Promise<Target[]> {
  const env = benchServerEnv(`${options.mongoUri}${options.dbName}`, {
    // Both phases of a round within the chat limit's window (the limiter still runs per message).
    CHAT_MESSAGES_PER_10S: '1000',
  });
  // BENCH_CPU_PROF_DIR=/tmp/prof: each StudySync server writes a CPU profile there as it exits.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const first = await startChild(serverMain, env, /running at http:\/\/localhost:(\d+)/, nodeArgs);
  const started = [first];
  try {
    if (options.redisUrl)
      started.push(
        await startChild(
          serverMain,
          { ...env, REDIS_URL: options.redisUrl },
          /running at http:\/\/localhost:(\d+)/,
          nodeArgs,
        ),
      );
    const servers = started.map(({ child, match }) => ({
      child,
      url: `http://127.0.0.1:${match}`,
      rss: rssBytes(child.pid),
    }));
    const signUpAt = servers[0]?.url ?? '';
    const indexes = Array.from({ length: options.students * servers.length }, (_, index) => index);
    const cookies: string[] = [];
    await eachLimited(indexes, 16, async (index) => {
      const client = studentClient(signUpAt);
      await client.api.auth.signup.mutate(newStudent(`b${index}_`));
      cookies[index] = client.cookie() ?? '';
    });
    console.log(`StudySync: ${indexes.length} signed up; pairing`);
    const sessionOf: string[] = [];
    const ofServer = (at: number) => indexes.slice(at * options.students, (at + 1) * options.students);
    const pairMs: number[] = [];
    for (const at of servers.keys()) {
      const pairStarted = performance.now();
      await eachLimited(ofServer(at), 16, async (index) => {
        const client = studentClient(signUpAt, { cookie: cookies[index] ?? '' });
        sessionOf[index] = (await client.api.study.findPartner.mutate({ minutes: 90 })).id;
      });
      pairMs.push(performance.now() - pairStarted);
    }
    const members = new Map<string, number>();
    for (const id of sessionOf) members.set(id, (members.get(id) ?? 0) + 1);
    if ([...members.values()].some((count) => count !== 2)) throw new Error('StudySync: not everyone was paired');

    const names = ['StudySync, in-process bus', 'StudySync, Redis bus'];
    const targets: Target[] = [];
    for (const [at, server] of servers.entries()) {
      const mine = ofServer(at);
      const clients = mine.map((index) => studentClient(server.url, { cookie: cookies[index] ?? '' }));
      const sessions = mine.map((index) => sessionOf[index] ?? '');
      // Memory per connection: what opening the students' sockets and streams added.
      const rssBefore = rssBytes(server.child.pid);
      const connectStarted = performance.now();
      const subscriptions = await openStreams(clients, sessions, options.deliver);
      const connectMs = performance.now() - connectStarted;
      targets.push({
        name: names[at] ?? '',
        server: server.child,
        students: options.students,
        pairMs: pairMs[at] ?? null,
        connectMs,
        rssBefore,
        rssAfter: rssBytes(server.child.pid),
        async send(from, text) {
          try {
            const client = clients[from] as StudentClient;
            await client.api.study.sendMessage.mutate({ sessionId: sessions[from] ?? '', text });
            return true;
          } catch {
            return false;
          }
        },
        async close() {
          for (const subscription of subscriptions) subscription.unsubscribe();
          await Promise.all(clients.map((client) => client.close()));
          await server.child.stop();
        },
      });
    }
    return targets;
  } catch (error) {
    // The server's own log says why a call failed (the client only gets a reference).
    for (const { child } of started) console.error(`StudySync server's last output:\n${child.output().slice(-4000)}`);
    await Promise.all(started.map(({ child }) => child.stop()));
    throw error;
  }
}

/** Each student's two streams, as a signed-in tab on the study page holds them. */
async function openStreams(clients: readonly StudentClient[], sessionOf: readonly string[], deliver: Deliver) {
  const subscriptions: { unsubscribe(): void }[] = [];
  await eachLimited([...clients.keys()], 32, async (index) => {
    const { api } = clients[index] as StudentClient;
    await new Promise<void>((resolve, reject) => {
      let ready = 0;
      const started = () => (++ready === 2 ? resolve() : undefined);
      subscriptions.push(api.account.events.subscribe(undefined, { onData: started, onError: reject }));
      subscriptions.push(
        api.study.events.subscribe(
          { sessionId: sessionOf[index] ?? '' },
          {
            onData: ({ data }) => {
              if (data.type === 'state') started();
              else if (data.type === 'message') deliver(index, data.text);
            },
            onError: reject,
          },
        ),
      );
    });
  });
  return subscriptions;
}

/**
 * A bare `ws` server relaying to rooms of two: the floor any WebSocket fan-out pays. With
 * `persisted`, each message is first stored with one insertOne there: the floor of a stored chat.
 */
export async function wsTarget(options: {
  students: number;
  deliver: Deliver;
  persisted?: { mongoUri: string; dbName: string };
}): Promise<Target> {
  const { persisted } = options;
  const { child: server, match } = persisted
    ? await startChild(
        here('./persisted-ws-room-server.ts'),
        { MONGODB_URI: persisted.mongoUri, BENCH_DB: persisted.dbName },
        /listening on (\d+)/,
      )
    : await startChild(here('./ws-room-server.ts'), {}, /listening on (\d+)/);
  const rssBefore = rssBytes(server.pid);
  const sockets: WebSocket[] = [];
  const pending = new Map<string, () => void>();
  const refused = new Map<string, () => void>();
  const indexes = Array.from({ length: options.students }, (_, index) => index);
  const connectStarted = performance.now();
  await eachLimited(indexes, 64, async (index) => {
    const socket = new WebSocket(`ws://127.0.0.1:${match}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ join: `room${Math.floor(index / 2)}` }));
    socket.on('message', (raw) => {
      const event = JSON.parse(String(raw)) as { text: string; authorId?: string; error?: string };
      if (event.error) return void refused.get(event.text)?.();
      options.deliver(index, event.text);
      // The sender's own copy is its acknowledgement.
      if (event.authorId === String(index)) pending.get(event.text)?.();
    });
    sockets[index] = socket;
  });
  const connectMs = performance.now() - connectStarted;
  return {
    name: persisted ? 'persisted limit (ws + insertOne)' : 'bare ws',
    server,
    students: options.students,
    pairMs: null,
    connectMs,
    rssBefore,
    rssAfter: rssBytes(server.pid),
    send: (from, text) =>
      new Promise((resolve) => {
        const settle = (ok: boolean) => () => {
          pending.delete(text);
          refused.delete(text);
          resolve(ok);
        };
        pending.set(text, settle(true));
        refused.set(text, settle(false));
        sockets[from]?.send(JSON.stringify({ text, authorId: String(from) }));
      }),
    async close() {
      for (const socket of sockets) socket.close();
      await server.stop();
    },
  };
}

/** socket.io 4.8 with rooms of two (WebSocket transport, acknowledgements for sends). */
export async function socketIoTarget(options: { students: number; deliver: Deliver }): Promise<Target> {
  const { child: server, match } = await startChild(here('./socketio-room-server.ts'), {}, /listening on (\d+)/);
  const rssBefore = rssBytes(server.pid);
  const sockets: Socket[] = [];
  const indexes = Array.from({ length: options.students }, (_, index) => index);
  const connectStarted = performance.now();
  await eachLimited(indexes, 64, async (index) => {
    const socket = io(`http://127.0.0.1:${match}`, { transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise((resolve, reject) =>
      socket.once('connect', () => resolve(undefined)).once('connect_error', reject),
    );
    await socket.emitWithAck('join', `room${Math.floor(index / 2)}`);
    socket.on('message', (event: { text: string }) => options.deliver(index, event.text));
    sockets[index] = socket;
  });
  const connectMs = performance.now() - connectStarted;
  return {
    name: 'socket.io 4.8',
    server,
    students: options.students,
    pairMs: null,
    connectMs,
    rssBefore,
    rssAfter: rssBytes(server.pid),
    async send(from, text) {
      await sockets[from]?.emitWithAck('say', { text, authorId: String(from) });
      return true;
    },
    async close() {
      for (const socket of sockets) socket.close();
      await server.stop();
    },
  };
}
