import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedUpStudent, studentClient, type StudentClient } from './support/client';
import { startServerProcess, type ServerProcess } from './support/process';
import { startTestRedis, type TestRedis } from './support/redis';
import { openRoomStream, STUDY_ENV, type RoomStream } from './support/study';

/**
 * Room-log appends go to the database in groups (many rooms' inserts in one `insertMany`), and
 * two replicas race for the same numbers in each room. Many senders at once, on two real server
 * processes sharing one database and one Redis: every room's log is still numbered 1, 2, 3…
 * without gaps, each reader on either replica gets every message once and in that order, a
 * sender's own messages keep their send order, and a resume from the middle gets the rest once.
 */
const ENV = { ...STUDY_ENV, STUDY_MINUTE_MS: '20000', CHAT_MESSAGES_PER_10S: '1000' };
const ROOMS = 4;
const PER_SENDER = 6;

let redis: TestRedis;
let a: ServerProcess;
let b: ServerProcess;
beforeAll(async () => {
  redis = await startTestRedis();
  const dbName = `group_commit_${randomUUID().slice(0, 8)}`;
  const env = { ...ENV, REDIS_URL: redis.url };
  a = await startServerProcess(dbName, env);
  b = await startServerProcess(dbName, env);
});
afterAll(async () => {
  for (const server of [a, b]) server?.child.kill('SIGTERM');
  await Promise.all([a, b].map((server) => server?.exited));
  await redis?.stop();
});

interface Room {
  sessionId: string;
  /** Each member's client on A and the same sign-in on B. */
  senders: StudentClient[];
  readers: RoomStream[];
}

async function openRoom(index: number): Promise<Room> {
  const ada = await signedUpStudent(a.url, `ada${index}`);
  const ben = await signedUpStudent(b.url, `ben${index}`);
  await ada.api.study.findPartner.mutate({ minutes: 25 });
  const { id: sessionId } = await ben.api.study.findPartner.mutate({ minutes: 25 });
  const on = (client: StudentClient, server: ServerProcess) =>
    studentClient(server.url, { cookie: client.cookie() ?? '' });
  const adaOnB = on(ada, b);
  const benOnA = on(ben, a);
  const readers = [openRoomStream(ada, { sessionId }), openRoomStream(benOnA, { sessionId })];
  readers.push(openRoomStream(adaOnB, { sessionId }), openRoomStream(ben, { sessionId }));
  await Promise.all(readers.map((reader) => reader.waitFor('state')));
  return { sessionId, senders: [ada, adaOnB, ben, benOnA], readers };
}

/** The chat a reader saw: id and text of each message, in arrival order. */
const chatOf = (reader: RoomStream) =>
  reader.ofType('message').map((event) => ({ id: String(event.id), text: String(event.text) }));

it(
  'numbers every room gap-free and delivers each message once, in order, to readers on both replicas',
  { timeout: 120_000 },
  async () => {
    const rooms: Room[] = [];
    for (let index = 0; index < ROOMS; index++) rooms.push(await openRoom(index));

    // Every sender of every room at once (16 here, half of them on each replica), each one message
    // after another, as a student types.
    const sent = new Map<string, { id: string; text: string }[]>();
    await Promise.all(
      rooms.flatMap((room, r) =>
        room.senders.map(async (client, s) => {
          const mine: { id: string; text: string }[] = [];
          sent.set(`${r}:${s}`, mine);
          for (let i = 0; i < PER_SENDER; i++) {
            const text = `room ${r} sender ${s} message ${i}`;
            const { id } = await client.api.study.sendMessage.mutate({ sessionId: room.sessionId, text });
            mine.push({ id, text });
          }
        }),
      ),
    );

    const total = 4 * PER_SENDER;
    for (const [r, room] of rooms.entries()) {
      const ofRoom = room.senders.flatMap((_, s) => sent.get(`${r}:${s}`) ?? []);
      // 1 is the partner joining; the messages take 2, 3, … with no number twice and none skipped.
      const ids = ofRoom.map((message) => Number(message.id)).sort((x, y) => x - y);
      expect(ids).toEqual(Array.from({ length: total }, (_, i) => i + 2));
      for (const [s] of room.senders.entries()) {
        const own = (sent.get(`${r}:${s}`) ?? []).map((message) => Number(message.id));
        expect(own).toEqual([...own].sort((x, y) => x - y));
      }
      const log = [...ofRoom].sort((x, y) => Number(x.id) - Number(y.id));
      for (const reader of room.readers) {
        await expect.poll(() => chatOf(reader).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(log.length);
        expect(chatOf(reader)).toEqual(log);
        expect(reader.errors).toEqual([]);
      }
      const history = await room.senders[0]?.api.study.history.query({ sessionId: room.sessionId });
      // The log as stored: 1 is the partner joining, then every message (a slow run may add presence events).
      const stored = history?.events.filter((event) => event.type === 'message') ?? [];
      expect(history?.events[0]?.type).toBe('partnerJoined');
      expect(stored.map((event) => event.id)).toEqual(log.map((event) => event.id));
      expect(stored.map((event) => event.type === 'message' && event.text)).toEqual(log.map((event) => event.text));

      // Resuming from the middle on the other replica: the rest, once each, in order.
      const middle = log[Math.floor(log.length / 2)]?.id ?? '';
      const resumed = openRoomStream(room.senders[3] as StudentClient, {
        sessionId: room.sessionId,
        lastEventId: middle,
      });
      const rest = log.filter((event) => Number(event.id) > Number(middle));
      await expect.poll(() => chatOf(resumed).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(rest.length);
      expect(chatOf(resumed)).toEqual(rest);
      resumed.stop();
    }

    for (const room of rooms) {
      for (const reader of room.readers) reader.stop();
      await Promise.all(room.senders.map((client) => client.close()));
    }
  },
);
