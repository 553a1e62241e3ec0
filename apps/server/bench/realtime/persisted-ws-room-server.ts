/**
 * Baseline: the bare `ws` room relay of ws-room-server.ts, but each message is stored first with
 * one `insertOne` on the benchmark's database (MONGODB_URI, BENCH_DB) and sent to the room once
 * the database acknowledged it. The floor for a stored chat on that engine. Prints its port.
 */
import { connectDatabase } from '@studysync/db';
import { WebSocketServer, type WebSocket } from 'ws';

const { db } = await connectDatabase(process.env.MONGODB_URI ?? '', process.env.BENCH_DB);
const messages = db.collection('persistedLimitMessages');
const rooms = new Map<string, Set<WebSocket>>();
let seq = 0;
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: 64 * 1024 });
wss.on('connection', (socket) => {
  let room: Set<WebSocket> | undefined;
  let roomName = '';
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { join?: string; text?: string; authorId?: string };
    if (message.join) {
      roomName = message.join;
      room = rooms.get(roomName) ?? new Set();
      rooms.set(roomName, room);
      room.add(socket);
      return;
    }
    seq += 1;
    const event = {
      id: String(seq),
      at: new Date().toISOString(),
      type: 'message',
      authorId: message.authorId,
      authorName: 'student',
      text: message.text,
    };
    messages.insertOne({ room: roomName, ...event }).then(
      () => {
        const wire = JSON.stringify(event);
        for (const member of room ?? []) member.send(wire);
      },
      (error: unknown) => {
        console.error('insert failed', error);
        socket.send(JSON.stringify({ error: String(error), text: message.text }));
      },
    );
  });
});
wss.on('listening', () => {
  const address = wss.address();
  console.log(`listening on ${address && typeof address === 'object' ? address.port : String(address)}`);
});
