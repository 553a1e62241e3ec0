/**
 * The baseline's process: `typingRouter` over HTTP (the standalone handler, for the mutation, as
 * StudySync's httpBatchLink sends it) and over WebSocket (`applyWSSHandler`, for the stream), on
 * one port. Prints the port.
 */
import { createServer } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { typingRouter } from './typing-router';

const server = createServer(createHTTPHandler({ router: typingRouter, basePath: '/trpc/' }));
const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 });
applyWSSHandler({ wss, router: typingRouter, keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 } });
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${address && typeof address === 'object' ? address.port : String(address)}`);
});
