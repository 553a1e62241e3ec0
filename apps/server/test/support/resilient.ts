import { TRPCClientError } from '@trpc/client';
import { expect } from 'vitest';
import type { StudentClient } from './client';

type Item = { id: string; data: { type: string; id?: string; [key: string]: unknown } };
type Procedure = 'study.events' | 'account.events';

/** Codes that mean "do not come back": the web client stops on these too. */
const FINAL = new Set(['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST']);

/**
 * A stream that comes back the way the web app's does: whenever the server ends it (an error
 * with a reason, or a plain stop) it resubscribes with the last tracked id, on whichever client
 * `client()` returns then (a test can move it to another replica). Events are unwrapped as in
 * `openRoomStream`; `ends` records why each run ended.
 */
export function openResilientStream(client: () => StudentClient, procedure: Procedure, input: { sessionId?: string }) {
  const events: Item['data'][] = [];
  const ends: string[] = [];
  let lastEventId: string | null = null;
  let stopped = false;
  let final: string | null = null;
  let current: { unsubscribe(): void } | undefined;
  let runs = 0;

  const again = (run: number, reason: string) => {
    // One end per run: a stream that fails also completes.
    if (run !== runs || ended === run) return;
    ended = run;
    ends.push(reason);
    if (stopped || final) return;
    setTimeout(start, 100);
  };
  let ended = 0;
  const start = () => {
    if (stopped) return;
    runs += 1;
    const run = runs;
    const handlers = {
      onData(item: Item) {
        lastEventId = item.id;
        events.push({ ...(item.data.id === undefined ? {} : { id: item.data.id }), ...item.data });
      },
      onError(error: unknown) {
        const code = error instanceof TRPCClientError ? String(error.data?.code ?? error.message) : String(error);
        if (FINAL.has(code)) final = code;
        again(run, code);
      },
      onComplete() {
        again(run, 'completed');
      },
    };
    const api = client().api;
    current =
      procedure === 'study.events'
        ? api.study.events.subscribe({ sessionId: input.sessionId ?? '', lastEventId }, handlers)
        : api.account.events.subscribe({ lastEventId }, handlers);
  };
  start();

  const ofType = (type: string) => events.filter((event) => event.type === type);
  return {
    events,
    ends,
    ofType,
    runs: () => runs,
    final: () => final,
    async waitFor(type: string, count = 1) {
      await expect.poll(() => ofType(type).length, { timeout: 15_000, interval: 20 }).toBeGreaterThanOrEqual(count);
    },
    /** Drops the current subscription without resubscribing it (as a dead socket would). */
    restart() {
      const run = runs;
      current?.unsubscribe();
      again(run, 'restarted by the test');
    },
    stop() {
      stopped = true;
      current?.unsubscribe();
    },
  };
}
