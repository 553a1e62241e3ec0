import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Logger } from './logger';

export interface WebSocketLimits {
  maxConnections: number;
  maxPerAddress: number;
  /** A socket whose unsent data passes this is closed: a reader that stopped reading. */
  maxBufferedBytes: number;
}

/**
 * Caps open sockets per process and per client address, and closes a socket whose unsent buffer
 * grows past a bound. tRPC drains its own queue into the socket, so only the socket can tell.
 */
export function createWebSocketGuard(
  limits: WebSocketLimits,
  logger: Logger,
  onLimited: (reason: 'per-process' | 'per-address' | 'slow-reader') => void,
) {
  const perAddress = new Map<string, number>();
  let open = 0;

  return {
    /**
     * Takes a place for a new socket from `address`, held until its connection closes, or tells
     * why not (an HTTP status line). Taken before the upgrade, so a burst cannot overshoot.
     */
    admit(address: string, socket: Duplex): string | null {
      if (open >= limits.maxConnections) {
        onLimited('per-process');
        return '503 Service Unavailable';
      }
      if ((perAddress.get(address) ?? 0) >= limits.maxPerAddress) {
        onLimited('per-address');
        return '429 Too Many Requests';
      }
      open += 1;
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      socket.once('close', () => {
        open -= 1;
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      });
      return null;
    },

    /** Closes `ws` as soon as a send leaves more than the bound unsent. */
    watchBuffer(ws: WebSocket, address: string, req: IncomingMessage): void {
      const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
      (ws as { send: typeof send }).send = (data, ...rest) => {
        send(data, ...rest);
        if (ws.bufferedAmount > limits.maxBufferedBytes && ws.readyState === ws.OPEN) {
          logger.warn(
            { address, url: req.url, buffered: ws.bufferedAmount },
            'Closing a WebSocket that stopped reading',
          );
          onLimited('slow-reader');
          ws.terminate();
        }
      };
    },
  };
}
