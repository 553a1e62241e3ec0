/**
 * Database round trips per call on the hot paths, counted by the driver's command monitoring
 * (`commandStarted`): a real server in this process, on its own database of the benchmark's
 * engine, driven by real tRPC clients over HTTP and WebSocket. Each call runs alone after the
 * server went quiet; what the driver sends until it is quiet again is the call's count. The
 * sweeps and heartbeat are slowed right down so they do not land in a window (a median of
 * several calls drops one that did anyway).
 */
import { randomBytes } from 'node:crypto';
import type { CommandStartedEvent } from '@studysync/db';
import { startServer } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { newStudent, studentClient, type StudentClient } from '../../test/support/client';
import { median } from './process-stats';

/** Counts the commands a MongoClient sends, by name, since the last reset. */
export class CommandCounter {
  private byName = new Map<string, number>();
  private total = 0;
  private lastAt = performance.now();

  readonly onCommand = (event: CommandStartedEvent): void => {
    this.total += 1;
    this.lastAt = performance.now();
    // The command and its collection (`find liveSeats`), so a table row says what each trip is for.
    const target: unknown = (event.command as Record<string, unknown>)[event.commandName];
    const name = typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName;
    this.byName.set(name, (this.byName.get(name) ?? 0) + 1);
  };

  reset(): void {
    this.total = 0;
    this.byName = new Map();
  }

  count(): number {
    return this.total;
  }

  names(): string {
    return [...this.byName].map(([name, count]) => `${name} ×${count}`).join(', ');
  }

  /** Resolves once no command was sent for `quietMs`. */
  async quiet(quietMs = 40): Promise<void> {
    for (;;) {
      const since = performance.now() - this.lastAt;
      if (since >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, quietMs - since + 1));
    }
  }
}

export interface RoundTripRow {
  call: string;
  /** The first such call (cold per-process caches). */
  first: number;
  /** Median of the calls after it (warm caches), and what the last of them sent. */
  warm: number;
  commands: string;
}

const REPEATS = 9;

/** Runs `call` once cold and REPEATS times warm, each in a quiet window. */
async function measure(counter: CommandCounter, call: string, run: () => Promise<unknown>): Promise<RoundTripRow> {
  const counts: number[] = [];
  let commands = '';
  for (let i = 0; i <= REPEATS; i++) {
    await counter.quiet();
    counter.reset();
    await run();
    await counter.quiet();
    counts.push(counter.count());
    commands = counter.names();
  }
  return { call, first: counts[0] ?? NaN, warm: median(counts.slice(1)), commands };
}

/** Like `measure`, for calls that take turns (call i is of kind i % kinds.length). */
async function measureEach(counter: CommandCounter, kinds: readonly string[], run: () => Promise<unknown>) {
  const counts = kinds.map(() => [] as number[]);
  const commands = kinds.map(() => '');
  for (let i = 0; i < (REPEATS + 1) * kinds.length; i++) {
    await counter.quiet();
    counter.reset();
    await run();
    await counter.quiet();
    counts[i % kinds.length]?.push(counter.count());
    commands[i % kinds.length] = counter.names();
  }
  return kinds.map((call, k): RoundTripRow => {
    const of = counts[k] ?? [];
    return { call, first: of[0] ?? NaN, warm: median(of.slice(1)), commands: commands[k] ?? '' };
  });
}

/** Every student of the pairs sends at once, a few times: commands per message under load. */
async function concurrentSends(
  counter: CommandCounter,
  waiting: readonly StudentClient[],
  joining: readonly StudentClient[],
  sessions: readonly string[],
): Promise<RoundTripRow> {
  const senders = sessions.flatMap((sessionId, i) => [waiting[i], joining[i]].map((client) => ({ client, sessionId })));
  const perSender = 5;
  await counter.quiet();
  counter.reset();
  await Promise.all(
    senders.map(async ({ client, sessionId }) => {
      for (let k = 0; k < perSender; k++) await client?.api.study.sendMessage.mutate({ sessionId, text: `load ${k}` });
    }),
  );
  await counter.quiet();
  const messages = senders.length * perSender;
  return {
    call: `sendMessage, ${senders.length} senders at once (per message)`,
    first: NaN,
    warm: Math.round((counter.count() / messages) * 100) / 100,
    commands: counter.names(),
  };
}

/** Opens a stream and resolves with its subscription once its first item arrived. */
function opened(subscribe: (onData: () => void, onError: (error: unknown) => void) => { unsubscribe(): void }) {
  return new Promise<{ unsubscribe(): void }>((resolve, reject) => {
    let first = true;
    const subscription = subscribe(() => {
      if (first) resolve(subscription);
      first = false;
    }, reject);
  });
}

export async function countRoundTrips(mongoUri: string): Promise<RoundTripRow[]> {
  const counter = new CommandCounter();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SCRYPT_LOG2_COST: '10',
    SIGNUPS_PER_ADDRESS_PER_HOUR: '100000',
    CHAT_MESSAGES_PER_10S: '1000',
    TYPING_PER_10S: '1000',
    SWEEP_INTERVAL_MS: '600000',
    INSTANCE_TIMEOUT_MS: '600000',
  });
  const server = await startServer({
    config,
    logger: createLogger(config),
    database: { uri: mongoUri, dbName: `bench_trips_${randomBytes(4).toString('hex')}`, onCommand: counter.onCommand },
  });
  const clients: StudentClient[] = [];
  const streams: { unsubscribe(): void }[] = [];
  const student = async () => {
    const client = studentClient(server.url);
    await client.api.auth.signup.mutate(newStudent('t'));
    clients.push(client);
    return client;
  };
  try {
    const rows: RoundTripRow[] = [];
    // findPartner: the first of a pair waits, the second pairs; fresh students each time.
    const waiting: StudentClient[] = [];
    const joining: StudentClient[] = [];
    for (let i = 0; i <= REPEATS; i++) {
      waiting.push(await student());
      joining.push(await student());
    }
    // Alternating, so that each waiting student is paired by the next call.
    let next = 0;
    let sessionId = '';
    const sessions: string[] = [];
    const alternate = () => {
      const index = next++;
      const client = (index % 2 === 0 ? waiting : joining)[Math.floor(index / 2)] as StudentClient;
      return client.api.study.findPartner.mutate({ minutes: 25 }).then((session) => {
        sessionId = session.id;
        sessions[Math.floor(index / 2)] = session.id;
      });
    };
    rows.push(...(await measureEach(counter, ['findPartner (waits)', 'findPartner (pairs)'], alternate)));
    const ada = waiting[REPEATS] as StudentClient;
    const ben = joining[REPEATS] as StudentClient;
    // Ben's room stream stays open, as his tab would hold it.
    streams.push(await opened((onData, onError) => ben.api.study.events.subscribe({ sessionId }, { onData, onError })));
    rows.push(
      await measure(counter, 'sendMessage', () => ada.api.study.sendMessage.mutate({ sessionId, text: 'hello there' })),
    );
    rows.push(await concurrentSends(counter, waiting, joining, sessions));
    rows.push(await measure(counter, 'typing', () => ada.api.study.typing.mutate({ sessionId })));
    rows.push(await measure(counter, 'auth.me', () => ada.api.auth.me.query()));
    rows.push(await measure(counter, 'study.current', () => ada.api.study.current.query()));
    rows.push(await measure(counter, 'progress.overview', () => ada.api.progress.overview.query()));
    // A tab: a new WebSocket opens account.events (its sign-in is checked as it opens), then study.events.
    const tabs: StudentClient[] = [];
    rows.push(
      await measure(counter, 'opening account.events (new WebSocket)', async () => {
        const tab = studentClient(server.url, { cookie: ada.cookie() ?? '' });
        tabs.push(tab);
        streams.push(
          await opened((onData, onError) => tab.api.account.events.subscribe(undefined, { onData, onError })),
        );
      }),
    );
    next = 0;
    rows.push(
      await measure(counter, 'opening study.events (open WebSocket)', async () => {
        const tab = tabs[next++] as StudentClient;
        streams.push(
          await opened((onData, onError) => tab.api.study.events.subscribe({ sessionId }, { onData, onError })),
        );
      }),
    );
    // Ended before the sockets close: a client closed with a live subscription keeps reconnecting.
    for (const stream of streams.splice(0)) stream.unsubscribe();
    await Promise.all(tabs.map((tab) => tab.close()));
    return rows;
  } finally {
    for (const stream of streams) stream.unsubscribe();
    await Promise.all(clients.map((client) => client.close()));
    await server.close();
  }
}

export function printRoundTrips(rows: readonly RoundTripRow[]): void {
  console.log('\nDatabase round trips per call (driver command monitoring; first call, then median of the next 9):\n');
  console.log('| call | first | warm | commands of a warm call |');
  console.log('| --- | ---: | ---: | --- |');
  for (const row of rows)
    console.log(`| ${row.call} | ${Number.isNaN(row.first) ? '–' : row.first} | ${row.warm} | ${row.commands} |`);
}
