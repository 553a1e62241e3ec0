/**
 * Baseline: the same chat shape on a bare `ws` server. A client joins one room of two with its
 * first message; each later message is stamped like a stored chat event and sent to both members
 * (sender included, as StudySync's room stream does). Prints its port.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const rooms = new Map<string, Set<WebSocket>>();
let seq = 0;
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: 64 * 1024 });
wss.on('connection', (socket) => {
  let room: Set<WebSocket> | undefined;
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { join?: string; text?: string; authorId?: string };
    if (message.join) {
      room = rooms.get(message.join) ?? new Set();
      rooms.set(message.join, room);
      room.add(socket);
      return;
    }
    seq += 1;
    const event = JSON.stringify({
      id: String(seq),
      at: new Date().toISOString(),
      type: 'message',
      authorId: message.authorId,
      authorName: 'student',
      text: message.text,
    });
    for (const member of room ?? []) member.send(event);
  });
});
wss.on('listening', () => {
  const address = wss.address();
  console.log(`listening on ${address && typeof address === 'object' ? address.port : String(address)}`);
});
