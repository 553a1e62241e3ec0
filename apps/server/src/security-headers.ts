import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

// A Host header is echoed into connect-src only when it looks like one.
const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * Security headers on every response (helmet): scripts only from this origin, connections only to
 * it (its WebSocket included), never framed, no MIME sniffing, no referrer, HSTS in production.
 */
export function securityHeaders(production: boolean) {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'connect-src': [
          "'self'",
          // 'self' covers ws(s): only in newer browsers; name the app's own WebSocket outright.
          (req: IncomingMessage) => {
            const host = req.headers.host ?? '';
            return HOST.test(host) ? `${production ? 'wss' : 'ws'}://${host}` : "'self'";
          },
        ],
        'frame-ancestors': ["'none'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'upgrade-insecure-requests': production ? [] : null,
      },
    },
    strictTransportSecurity: production ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  return (req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((resolve, reject) =>
      middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve())),
    );
}
