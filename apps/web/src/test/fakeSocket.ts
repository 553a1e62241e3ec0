/**
 * A stand-in for the server end of tRPC's WebSocket protocol, enough for
 * subscriptions: it acknowledges `subscription` requests, lets tests push
 * events to them, and records `subscription.stop`.
 */

interface RpcMessage {
  id: number | string;
  method: string;
  params?: { path?: string; input?: unknown; lastEventId?: string | null };
}

export interface FakeSubscription {
  id: number | string;
  path: string;
  input: unknown;
}

export interface FakeSocketServer {
  /** Pass as the `WebSocket` transport override. */
  WebSocket: typeof globalThis.WebSocket;
  /** URLs of every socket opened so far. */
  connections: () => string[];
  /** Subscriptions currently live, optionally only those on `path`. */
  subscriptions: (path?: string) => FakeSubscription[];
  /** Sends one event to every live subscription on `path`. */
  emit: (path: string, data: unknown) => void;
  /** The server ends every live subscription on `path`: plainly, or with an error of `code`. */
  end: (path: string, error?: { code: string; message: string }) => void;
  /** Every open socket drops, as when the network or the server goes away. */
  dropAll: () => void;
}

/** tRPC's JSON-RPC error codes for the codes tests use. */
const RPC_CODES: Record<string, number> = { SERVICE_UNAVAILABLE: -32012, UNAUTHORIZED: -32001, NOT_FOUND: -32004 };

export function createFakeSocketServer(): FakeSocketServer {
  const live: Array<FakeSubscription & { socket: FakeSocket }> = [];
  const urls: string[] = [];
  const sockets = new Set<{ close(code?: number): void }>();

  class FakeSocket extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = FakeSocket.CONNECTING;
    readonly OPEN = FakeSocket.OPEN;
    readonly CLOSING = FakeSocket.CLOSING;
    readonly CLOSED = FakeSocket.CLOSED;
    readyState = FakeSocket.CONNECTING;
    binaryType = 'blob';

    constructor(readonly url: string) {
      super();
      urls.push(url);
      sockets.add(this);
      setTimeout(() => {
        if (this.readyState !== FakeSocket.CONNECTING) return;
        this.readyState = FakeSocket.OPEN;
        this.dispatchEvent(new Event('open'));
      });
    }

    send(raw: string): void {
      const parsed: unknown = JSON.parse(raw);
      for (const message of (Array.isArray(parsed) ? parsed : [parsed]) as RpcMessage[]) this.receive(message);
    }

    close(code = 1000): void {
      if (this.readyState === FakeSocket.CLOSED) return;
      this.readyState = FakeSocket.CLOSED;
      for (let i = live.length - 1; i >= 0; i--) if (live[i]?.socket === this) live.splice(i, 1);
      sockets.delete(this);
      this.dispatchEvent(Object.assign(new Event('close'), { code, reason: '', wasClean: code === 1000 }));
    }

    reply(payload: unknown): void {
      setTimeout(() => {
        if (this.readyState !== FakeSocket.OPEN) return;
        this.dispatchEvent(Object.assign(new Event('message'), { data: JSON.stringify(payload) }));
      });
    }

    private receive(message: RpcMessage): void {
      if (message.method === 'subscription') {
        live.push({ socket: this, id: message.id, path: message.params?.path ?? '', input: message.params?.input });
        this.reply({ id: message.id, jsonrpc: '2.0', result: { type: 'started' } });
      } else if (message.method === 'subscription.stop') {
        const index = live.findIndex((sub) => sub.socket === this && sub.id === message.id);
        if (index >= 0) live.splice(index, 1);
        this.reply({ id: message.id, jsonrpc: '2.0', result: { type: 'stopped' } });
      }
    }
  }

  return {
    WebSocket: FakeSocket as unknown as typeof globalThis.WebSocket,
    connections: () => [...urls],
    subscriptions: (path) =>
      live
        .filter((sub) => path === undefined || sub.path === path)
        .map(({ id, path: p, input }) => ({ id, path: p, input })),
    emit: (path, data) => {
      for (const sub of live) {
        if (sub.path === path) sub.socket.reply({ id: sub.id, jsonrpc: '2.0', result: { type: 'data', data } });
      }
    },
    end: (path, error) => {
      for (let i = live.length - 1; i >= 0; i--) {
        const sub = live[i];
        if (sub?.path !== path) continue;
        live.splice(i, 1);
        sub.socket.reply(
          error
            ? {
                id: sub.id,
                jsonrpc: '2.0',
                error: { code: RPC_CODES[error.code] ?? -32603, message: error.message, data: { code: error.code } },
              }
            : { id: sub.id, jsonrpc: '2.0', result: { type: 'stopped' } },
        );
      }
    },
    dropAll: () => {
      for (const socket of [...sockets]) socket.close(1006);
    },
  };
}
