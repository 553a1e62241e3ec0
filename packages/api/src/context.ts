import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { UserDoc } from '@studysync/db';
import type { ApiConfig, ApiDeps } from './deps';
import { hashSessionToken, liveSignIn, readCookie, SESSION_COOKIE } from './auth';

export interface Context {
  deps: ApiDeps;
  user: UserDoc | null;
  /** Hash of the session token this request came with, when it is a live one. */
  authTokenHash: string | null;
  /** When that session expires (its streams end then). */
  authExpiresAt: Date | null;
  clientAddress: string;
  /** The HTTP request's id (pino-http's, logged on its lines), or one per WebSocket connection. */
  requestId: string;
  origin: string | undefined;
  host: string | undefined;
  transport: 'http' | 'ws';
  /** Per WebSocket connection (the context lives as long as the socket): its open subscriptions. */
  socket: { subscriptions: number } | undefined;
  /** Adds a Set-Cookie header to the HTTP response; WebSocket calls cannot set cookies. */
  setCookie(cookie: string): void;
}

interface ContextOptions {
  req: IncomingMessage;
  res?: ServerResponse | object;
  info?: { connectionParams: Record<string, string | undefined> | null } | undefined;
}

/**
 * The client's address as proxy-addr sees it: the nearest X-Forwarded-For entry not written by
 * a trusted proxy (none, a number of hops, or addresses/ranges), so a client cannot choose it.
 */
export function clientAddressResolver(trust: ApiConfig['trustProxy']): (req: IncomingMessage) => string {
  const trusts =
    trust === false
      ? () => false
      : typeof trust === 'number'
        ? (_address: string, hop: number) => hop < trust
        : proxyAddr.compile([...trust]);
  return (req) => proxyAddr(req, trusts);
}

const requestIdOf = (req: IncomingMessage): string | undefined => {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
};

/** Builds the per-request (HTTP) or per-connection (WebSocket) context. */
export function createContextFactory(deps: ApiDeps) {
  const clientAddress = clientAddressResolver(deps.config.trustProxy);
  return async ({ req, res, info }: ContextOptions): Promise<Context> => {
    const response = res && 'setHeader' in res ? (res as ServerResponse) : undefined;
    // Browsers send the cookie; other clients may pass the token in connectionParams.
    const token = readCookie(req.headers.cookie, SESSION_COOKIE) ?? info?.connectionParams?.['token'];
    let user: UserDoc | null = null;
    let authTokenHash: string | null = null;
    let authExpiresAt: Date | null = null;
    if (token) {
      const hash = hashSessionToken(token);
      // Remembered per process for a moment; a sign-out anywhere forgets it (auth/live-sign-ins.ts).
      const signIn = await liveSignIn(deps, hash);
      if (signIn) {
        user = signIn.user;
        authTokenHash = hash;
        authExpiresAt = signIn.expiresAt;
      }
    }
    return {
      deps,
      user,
      authTokenHash,
      authExpiresAt,
      clientAddress: clientAddress(req),
      requestId: requestIdOf(req) ?? `ws-${randomUUID()}`,
      origin: req.headers.origin,
      host: req.headers.host,
      transport: response ? 'http' : 'ws',
      socket: response ? undefined : { subscriptions: 0 },
      setCookie(cookie) {
        if (!response || response.headersSent) return;
        response.appendHeader('Set-Cookie', cookie);
      },
    };
  };
}
