import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  TRPCClientError,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '@studysync/api';

export interface StudentClient {
  api: TRPCClient<AppRouter>;
  /** The session cookie as the browser would hold it, e.g. `studysync_session=…`. */
  cookie(): string | undefined;
  token(): string | undefined;
  close(): Promise<void>;
}

/**
 * A student's client, as a browser would be: it keeps the session cookie from
 * HTTP responses and sends it on later requests and on the WebSocket upgrade.
 */
export function studentClient(
  baseUrl: string,
  options: {
    origin?: string;
    wsConnectionParams?: () => Record<string, string>;
    retryDelayMs?: number;
    /** Sent on every request and on the WebSocket upgrade, e.g. X-Forwarded-For. */
    headers?: Record<string, string>;
    /** Start signed in with this cookie (the same sign-in, on another server). */
    cookie?: string;
  } = {},
): StudentClient {
  let cookie: string | undefined = options.cookie;
  const fetchWithCookies: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    if (cookie) headers.set('cookie', cookie);
    if (options.origin) headers.set('origin', options.origin);
    const response = await fetch(input, { ...init, headers });
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0] ?? '';
      cookie = pair.endsWith('=') ? undefined : pair;
    }
    return response;
  };

  // The cookie is read when the socket opens, so a client that signs in first is authenticated.
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      const headers: Record<string, string> = { ...options.headers };
      if (cookie) headers['cookie'] = cookie;
      if (options.origin) headers['origin'] = options.origin;
      super(url, protocols, { headers });
    }
  }
  const ws = createWSClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
    // The `ws` package implements the browser WebSocket interface tRPC expects.
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    lazy: { enabled: true, closeMs: 0 },
    retryDelayMs: () => options.retryDelayMs ?? 200,
    ...(options.wsConnectionParams ? { connectionParams: options.wsConnectionParams } : {}),
  });

  const api = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: ws }),
        false: httpBatchLink({ url: `${baseUrl}/trpc`, fetch: fetchWithCookies }),
      }),
    ],
  });

  return {
    api,
    cookie: () => cookie,
    token: () => cookie?.split('=')[1],
    close: () => ws.close(),
  };
}

/** The tRPC error code of a failed call, or a failure if the call succeeded. */
export async function errorOf(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
    throw error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

/**
 * The errors of several calls made together, in order. Every handler is attached at once: the
 * calls share an HTTP batch, and awaiting them one by one leaves the others' rejections unhandled.
 */
export function errorsOf(calls: readonly Promise<unknown>[]): Promise<TRPCClientError<AppRouter>[]> {
  return Promise.all(calls.map(errorOf));
}

let counter = 0;
/** Distinct, valid sign-up details. */
export function newStudent(prefix = 's') {
  counter += 1;
  const tag = `${prefix}${process.pid % 1000}_${counter}_${Math.random().toString(36).slice(2, 6)}`.slice(0, 20);
  return { email: `${tag}@example.com`, username: tag, password: 'correct horse battery' };
}

/** Signs a new student up and returns their client. */
export async function signedUpStudent(
  baseUrl: string,
  prefix = 's',
  options: Parameters<typeof studentClient>[1] = {},
) {
  const client = studentClient(baseUrl, options);
  const details = newStudent(prefix);
  const user = await client.api.auth.signup.mutate(details);
  return { ...client, user, details };
}
