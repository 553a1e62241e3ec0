import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyAddr from 'proxy-addr';
import { findLiveAuthSession, findUserById, type UserDoc } from '@studysync/db';
import type { ApiConfig, ApiDeps } from './deps';
import { hashSessionToken, readCookie, SESSION_COOKIE } from './auth/session-token';

export interface Context {
  deps: ApiDeps;
  user: UserDoc | null;
  /** Hash of the session token this request came with, when it is a live one. */
  authTokenHash: string | null;
  clientAddress: string;
  origin: string | undefined;
  host: string | undefined;
  transport: 'http' | 'ws';
  /** Adds a Set-Cookie header to the HTTP response; WebSocket calls cannot set cookies. */
  setCookie(cookie: string): void;
}

interface ContextOptions {
  req: IncomingMessage;
  res?: ServerResponse | object;
  info?: { connectionParams: Record<string, string | undefined> | null } | undefined;
}

/**
 * Who may speak for the client in X-Forwarded-For, as proxy-addr sees it: the address is the
 * nearest entry not written by a trusted proxy, so a client cannot choose it by writing the header.
 */
function trustFunction(trust: ApiConfig['trustProxy']): (address: string, hop: number) => boolean {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile([...trust]);
}

/** Builds the per-request (HTTP) or per-connection (WebSocket) context. */
export function createContextFactory(deps: ApiDeps) {
  const trust = trustFunction(deps.config.trustProxy);
  return async ({ req, res, info }: ContextOptions): Promise<Context> => {
    const response = res && 'setHeader' in res ? (res as ServerResponse) : undefined;
    // Browsers send the cookie; other clients may pass the token in connectionParams.
    const token = readCookie(req.headers.cookie, SESSION_COOKIE) ?? info?.connectionParams?.['token'];
    let user: UserDoc | null = null;
    let authTokenHash: string | null = null;
    if (token) {
      const hash = hashSessionToken(token);
      const session = await findLiveAuthSession(deps.db, hash, deps.now());
      if (session) {
        user = await findUserById(deps.db, session.userId);
        if (user) authTokenHash = hash;
      }
    }
    return {
      deps,
      user,
      authTokenHash,
      clientAddress: proxyAddr(req, trust),
      origin: req.headers.origin,
      host: req.headers.host,
      transport: response ? 'http' : 'ws',
      setCookie(cookie) {
        if (!response || response.headersSent) return;
        response.appendHeader('Set-Cookie', cookie);
      },
    };
  };
}
