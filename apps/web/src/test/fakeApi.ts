/**
 * A fake StudySync API for component tests. The client is the production one
 * (`createBrowserApi`: splitLink, httpBatchLink, wsLink) with only its
 * transports swapped: `fetch` is answered by typed handlers and the WebSocket
 * by a fake socket server. Errors are therefore real `TRPCClientError`s shaped
 * like the server's error formatter makes them.
 */
import type { MutationInput, MutationOutput, MutationPath, QueryInput, QueryOutput, QueryPath } from '../lib/query';
import type { PublicUser } from '../lib/session';
import { createBrowserApi, type ApiContext } from '../lib/trpc';
import { createFakeSocketServer, type FakeSocketServer } from './fakeSocket';

type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR';

const STATUS: Record<ErrorCode, { http: number; rpc: number }> = {
  BAD_REQUEST: { http: 400, rpc: -32600 },
  UNAUTHORIZED: { http: 401, rpc: -32001 },
  FORBIDDEN: { http: 403, rpc: -32003 },
  NOT_FOUND: { http: 404, rpc: -32004 },
  CONFLICT: { http: 409, rpc: -32009 },
  TOO_MANY_REQUESTS: { http: 429, rpc: -32029 },
  INTERNAL_SERVER_ERROR: { http: 500, rpc: -32603 },
};

/** Throw from a handler to answer like the server's error formatter does. */
export class FakeServerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

/** Throw from a handler to make the request fail like a dropped connection (fetch rejects). */
export class FakeNetworkError extends Error {}

type Handler<I, O> = (input: I) => O | Promise<O>;
export type FakeHandlers = { [P in QueryPath]?: Handler<QueryInput<P>, QueryOutput<P>> } & {
  [P in MutationPath]?: Handler<MutationInput<P>, MutationOutput<P>>;
};

export interface FakeCall {
  path: string;
  input: unknown;
}

export interface FakeApi {
  api: ApiContext;
  /** Every procedure call received over HTTP, in order. */
  calls: FakeCall[];
  callsTo: (path: QueryPath | MutationPath) => FakeCall[];
  /** How often the app reported a session change (sign in/up/out). */
  sessionChanges: () => number;
  sockets: FakeSocketServer;
}

type Envelope =
  { result: { data: unknown } } | { error: { message: string; code: number; data: Record<string, unknown> } };

function errorEnvelope(error: FakeServerError, path: string): Envelope {
  const status = STATUS[error.code];
  return {
    error: {
      message: error.message,
      code: status.rpc,
      data: { code: error.code, httpStatus: status.http, path, fieldErrors: error.fieldErrors },
    },
  };
}

function httpStatus(envelope: Envelope): number {
  return 'error' in envelope ? (envelope.error.data.httpStatus as number) : 200;
}

export function createFakeApi(handlers: FakeHandlers): FakeApi {
  const calls: FakeCall[] = [];
  let sessionChanges = 0;
  // Looked up by string at runtime; the typed map above is what tests write against.
  const table = handlers as Record<string, ((input: unknown) => unknown) | undefined>;

  async function answer(path: string, input: unknown): Promise<Envelope> {
    calls.push({ path, input });
    const handler = table[path];
    try {
      if (!handler) throw new FakeServerError('NOT_FOUND', `No procedure on path "${path}"`);
      return { result: { data: await handler(input) } };
    } catch (error) {
      if (error instanceof FakeNetworkError) throw error;
      const e = error instanceof FakeServerError ? error : new FakeServerError('INTERNAL_SERVER_ERROR', String(error));
      return errorEnvelope(e, path);
    }
  }

  /** Answers httpBatchLink requests: `/trpc/a,b?batch=1&input={"0":…,"1":…}` (GET) or the same body (POST). */
  async function fetch(url: string | URL | Request, init?: RequestInit): Promise<Response> {
    const href = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url;
    const parsed = new URL(href, 'http://studysync.test');
    const paths = decodeURIComponent(parsed.pathname.replace(/^\/trpc\//, '')).split(',');
    const rawInputs = init?.method === 'POST' ? init.body : parsed.searchParams.get('input');
    const inputs = (typeof rawInputs === 'string' ? JSON.parse(rawInputs) : {}) as Record<string, unknown>;
    try {
      const envelopes = await Promise.all(paths.map((path, index) => answer(path, inputs[String(index)])));
      const statuses = new Set(envelopes.map(httpStatus));
      const status = statuses.size === 1 ? ([...statuses][0] ?? 200) : 207;
      return new Response(JSON.stringify(envelopes), { status, headers: { 'content-type': 'application/json' } });
    } catch {
      throw new TypeError('Failed to fetch');
    }
  }

  const sockets = createFakeSocketServer();
  const real = createBrowserApi({
    location: { protocol: 'http:', host: 'studysync.test' },
    fetch,
    WebSocket: sockets.WebSocket,
  });
  return {
    api: {
      client: real.client,
      onSessionChange: async () => {
        sessionChanges++;
        await real.onSessionChange?.();
      },
    },
    calls,
    callsTo: (path) => calls.filter((call) => call.path === path),
    sessionChanges: () => sessionChanges,
    sockets,
  };
}

export const testUser: PublicUser = {
  id: '665f1c2b9d3e4a0012345678',
  email: 'ada@example.com',
  username: 'ada_l',
  timeZone: 'Europe/London',
  createdAt: '2025-01-01T12:00:00.000Z',
  weeklyGoalHours: 10,
  showOnLeaderboard: true,
};
