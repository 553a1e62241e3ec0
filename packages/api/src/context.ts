import type { IncomingMessage, ServerResponse } from 'node:http';
import { findLiveAuthSession, findUserById, type UserDoc } from '@studysync/db';
import type { ApiDeps } from './deps';
import { hashSessionToken, readCookie, SESSION_COOKIE } from './auth/session-token';

export interface Context {
  deps: ApiDeps;
  user: UserDoc | null;
  /** Hash of the session token this request came with, when it is a live one. */
  authTokenHash: string | null;
  /** When that session expires (its streams end then). */
  authExpiresAt: Date | null;
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

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** Builds the per-request (HTTP) or per-connection (WebSocket) context. */
export function createContextFactory(deps: ApiDeps) {
  return async ({ req, res, info }: ContextOptions): Promise<Context> => {
    const response = res && 'setHeader' in res ? (res as ServerResponse) : undefined;
    // Browsers send the cookie; other clients may pass the token in connectionParams.
    const token = readCookie(req.headers.cookie, SESSION_COOKIE) ?? info?.connectionParams?.['token'];
    let user: UserDoc | null = null;
    let authTokenHash: string | null = null;
    let authExpiresAt: Date | null = null;
    if (token) {
      const hash = hashSessionToken(token);
      const session = await findLiveAuthSession(deps.db, hash, deps.now());
      if (session) {
        user = await findUserById(deps.db, session.userId);
        if (user) {
          authTokenHash = hash;
          authExpiresAt = session.expiresAt;
        }
      }
    }
    return {
      deps,
      user,
      authTokenHash,
      authExpiresAt,
      clientAddress: clientAddress(req, deps.config.trustProxy),
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
