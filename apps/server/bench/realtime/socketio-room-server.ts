/**
 * Baseline: the same chat shape on socket.io 4.8 (WebSocket transport only). A client joins a
 * room of two; each message is stamped like a stored chat event and emitted to the room (sender
 * included), then acknowledged. Prints its port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false });
let seq = 0;
io.on('connection', (socket) => {
  let room = '';
  socket.on('join', (name: string, ack: () => void) => {
    room = name;
    // In memory the join is immediate; an adapter that fails says so on stderr.
    Promise.resolve(socket.join(name)).catch((error: unknown) => console.error(`Could not join ${name}`, error));
    ack();
  });
  socket.on('say', (message: { text: string; authorId: string }, ack: () => void) => {
    seq += 1;
    io.to(room).emit('message', {
      id: String(seq),
      at: new Date().toISOString(),
      type: 'message',
      authorId: message.authorId,
      authorName: 'student',
      text: message.text,
    });
    ack();
  });
});
http.listen(0, '127.0.0.1', () => console.log(`listening on ${(http.address() as AddressInfo).port}`));
